import Tooltip from '@material-ui/core/Tooltip';
import { formatExactTime, formatRelativeTime } from './format';
import { useNow } from './useNow';

/**
 * A time as "5 minutes ago", with the exact time on hover and the
 * machine-readable time in `dateTime`.
 */
export function RelativeTime(props: { at?: string; fallback?: string }) {
  const now = useNow();
  if (!props.at) return <span>{props.fallback ?? 'never'}</span>;
  const exact = formatExactTime(props.at);
  return (
    <Tooltip title={exact}>
      <time dateTime={props.at}>{formatRelativeTime(props.at, now)}</time>
    </Tooltip>
  );
}
