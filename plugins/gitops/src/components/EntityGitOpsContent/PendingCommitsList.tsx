import type { Deployment } from '@gitops-console/plugin-gitops-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  authorOf,
  CommitLink,
  CommitTitle,
  MergedCommits,
  RelativeTime,
} from '../common';
import { CommitActions } from '../actions';
import { CiFailedNote } from '../CiBadge';

const useStyles = makeStyles({
  // Long image names and paths in commit titles must wrap, not overflow.
  list: { overflowWrap: 'anywhere' },
});

/** What Git has for this deployment that the cluster does not run yet. */
export function PendingCommitsList(props: { deployment: Deployment }) {
  const classes = useStyles();
  const d = props.deployment;
  const commits = d.pendingCommits;
  const multiSource = d.sources.length > 1;
  return (
    <section aria-label="Pending commits">
      <Typography variant="subtitle1" component="h4">
        Pending commits
        {commits.length > 0 &&
          ` (${commits.length}${d.pendingTruncated ? '+' : ''})`}
      </Typography>
      {commits.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None: up to date with Git
          {d.lastChange && (
            <>
              ; the last change was{' '}
              <CommitLink revision={d.lastChange.sha} url={d.lastChange.url} />
            </>
          )}
          .
        </Typography>
      ) : (
        <List dense disablePadding className={classes.list}>
          {commits.map(c => (
            <ListItem key={`${c.sourceIndex ?? 0}:${c.sha}`} disableGutters>
              <ListItemText
                disableTypography
                primary={
                  <Typography variant="body2" component="div">
                    <CommitTitle commit={c} />
                    <CiFailedNote commit={c} />
                  </Typography>
                }
                secondary={
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    component="div"
                  >
                    {authorOf(c) && <>{authorOf(c)}, </>}
                    <RelativeTime at={c.committedAt} fallback="time unknown" />
                    {multiSource && c.sourceIndex !== undefined && (
                      <> · source {c.sourceIndex + 1}</>
                    )}
                    <MergedCommits commit={c} />
                    <div>
                      <CommitActions deployment={d} sha={c.sha} />
                    </div>
                  </Typography>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {d.pendingTruncated && (
        <Typography variant="caption" color="textSecondary">
          Only the newest {commits.length} are listed; more are pending.
        </Typography>
      )}
    </section>
  );
}
