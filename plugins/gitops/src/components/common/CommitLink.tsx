import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { shortRevision } from './format';

const useStyles = makeStyles(theme => ({
  sha: { fontFamily: 'monospace', fontSize: theme.typography.body2.fontSize },
}));

/** A revision as a short SHA, linked to the commit when the URL is known. */
export function CommitLink(props: { revision?: string; url?: string }) {
  const classes = useStyles();
  if (!props.revision) return <span>none</span>;
  const text = shortRevision(props.revision);
  if (!props.url) {
    return (
      <code className={classes.sha} title={props.revision}>
        {text}
      </code>
    );
  }
  return (
    <Link
      to={props.url}
      className={classes.sha}
      title={props.revision}
      aria-label={`commit ${text}`}
    >
      {text}
    </Link>
  );
}
