import { Link } from '@backstage/core-components';
import type {
  Deployment,
  DeploymentSource,
} from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  source: { overflowWrap: 'anywhere' },
  inputs: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

/**
 * What the source's rendering depends on besides its path (bases, value
 * files…), and the references that cannot be followed, so people know
 * which changes count as pending and which are not watched at all.
 */
function RenderInputs(props: { source: DeploymentSource }) {
  const classes = useStyles();
  const inputs = props.source.renderInputs;
  if (!inputs) return null;
  const others = inputs.paths.filter(p => p !== props.source.path);
  if (others.length === 0 && inputs.external.length === 0) return null;
  return (
    <ul className={classes.inputs} aria-label="Render inputs">
      {others.length > 0 && (
        <li>
          also follows{' '}
          {others.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              <code>{p}</code>
            </span>
          ))}
        </li>
      )}
      {inputs.external.map(e => (
        <li key={`${e.from}:${e.reference}`}>
          not followed: <code>{e.reference}</code> (in <code>{e.from}</code>) —{' '}
          {e.reason}
        </li>
      ))}
    </ul>
  );
}

/** Where the deployment's desired state lives: repository, path and ref. */
export function SourceSummary(props: { deployment: Deployment }) {
  const classes = useStyles();
  const { sources, links } = props.deployment;
  if (sources.length === 0) return null;
  return (
    <Typography variant="body2" component="div" gutterBottom>
      {sources.map((s, i) => (
        <div
          key={`${s.repoURL}:${s.path ?? s.chart ?? i}`}
          className={classes.source}
        >
          {sources.length > 1 && `Source ${i + 1}: `}
          <Link to={(i === 0 && links.repo) || s.repoURL}>{s.repoURL}</Link>
          {s.path && (
            <>
              {' '}
              path <code>{s.path}</code>
            </>
          )}
          {s.chart && (
            <>
              {' '}
              chart <code>{s.chart}</code>
            </>
          )}
          {s.ref && (
            <>
              {' '}
              at <code>{s.ref}</code>
            </>
          )}
          <RenderInputs source={s} />
        </div>
      ))}
    </Typography>
  );
}
