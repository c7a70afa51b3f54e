import type { Deployment } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { RelativeTime } from '../common';

/**
 * The first reason behind a state other than in sync, in one line. For an
 * unreachable cluster it says since when, and that the rest is the last
 * known state.
 */
const useStyles = makeStyles({
  // Controller messages can be long; three lines, the rest on hover and in the tab.
  clamp: {
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
});

export function DriftReasonLine(props: { deployment: Deployment }) {
  const classes = useStyles();
  const { drift, lastSeenAt, health } = props.deployment;
  const reason = drift.reasons[0];
  // "In sync" beside "Progressing" reads as a contradiction: say both hold.
  if (drift.state === 'in-sync' && health === 'Progressing') {
    return (
      <Typography variant="body2" component="p" color="textSecondary">
        In sync with Git; rollout progressing
      </Typography>
    );
  }
  if (drift.state === 'in-sync' || !reason) return null;
  const unreachable = reason.code === 'cluster-unreachable';
  return (
    <Typography
      variant="body2"
      component="p"
      className={classes.clamp}
      title={drift.reasons.map(r => r.message).join('\n')}
    >
      {reason.message}
      {reason.since && (
        <>
          {' '}
          ({unreachable ? 'last seen' : 'since'}{' '}
          <RelativeTime at={reason.since} />)
        </>
      )}
      {unreachable && !reason.since && lastSeenAt && (
        <>
          {' '}
          (last seen <RelativeTime at={lastSeenAt} />)
        </>
      )}
      {drift.reasons.length > 1 && ` (+${drift.reasons.length - 1} more)`}
    </Typography>
  );
}
