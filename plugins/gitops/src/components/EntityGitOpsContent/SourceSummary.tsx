import { Link } from '@backstage/core-components';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';

/** Where the deployment's desired state lives: repository, path and ref. */
export function SourceSummary(props: { deployment: Deployment }) {
  const { sources, links } = props.deployment;
  if (sources.length === 0) return null;
  return (
    <Typography variant="body2" component="div" gutterBottom>
      {sources.map((s, i) => (
        <div key={`${s.repoURL}:${s.path ?? s.chart ?? i}`}>
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
        </div>
      ))}
    </Typography>
  );
}
