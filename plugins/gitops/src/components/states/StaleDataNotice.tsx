import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../common';

/**
 * Says that part of an answer comes from a cache after an upstream failure
 * (an unreachable cluster, a Git server that does not answer), and why.
 */
export function StaleDataNotice(props: {
  stale?: boolean;
  staleReasons?: string[];
  observedAt?: string;
  /** A refresh that failed while an earlier answer is still shown. */
  refreshError?: Error;
}) {
  const reasons = props.staleReasons ?? [];
  if (!props.stale && reasons.length === 0 && !props.refreshError) return null;
  return (
    <WarningPanel
      severity="warning"
      defaultExpanded
      title="Some of this may be out of date"
    >
      <div>
        {reasons.length > 0 && (
          <ul>
            {reasons.map(r => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        {props.refreshError && (
          <Typography variant="body2">
            The last refresh failed: {props.refreshError.message}
          </Typography>
        )}
        {props.observedAt && (
          <Typography variant="body2" color="textSecondary">
            Answer computed <RelativeTime at={props.observedAt} />.
          </Typography>
        )}
      </div>
    </WarningPanel>
  );
}
