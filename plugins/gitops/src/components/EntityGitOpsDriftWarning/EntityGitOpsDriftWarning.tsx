import { Link } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import { RelativeTime } from '../common';
import { useEntityDeployments } from '../../hooks/useEntityDeployments';
import { useGitOpsTabLink } from '../routing/useGitOpsTabLink';
import { DRIFT_STATE_PRESENTATION } from '../status';
import { DriftSummary, summarizeDrift } from './summarizeDrift';

const SINCE_WORDS: Record<NonNullable<DriftSummary['since']>['kind'], string> =
  {
    since: 'since',
    'last-synced': 'last synced',
    'last-seen': 'last seen',
  };

const useStyles = makeStyles({
  // The message may shrink and wrap; the link keeps its place in the card.
  message: { minWidth: 0, flex: '1 1 auto', overflowWrap: 'anywhere' },
  action: { whiteSpace: 'nowrap', flexShrink: 0 },
  // One short line per environment; long controller messages end in "…".
  line: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
});

function SummaryLine(props: { summary: DriftSummary }) {
  const classes = useStyles();
  const { environment, state, since, why } = props.summary;
  return (
    <div className={classes.line} title={why}>
      <strong>{environment}</strong>: {DRIFT_STATE_PRESENTATION[state].label}
      {since && (
        <>
          {' '}
          ({SINCE_WORDS[since.kind]} <RelativeTime at={since.at} />)
        </>
      )}{' '}
      — {why}
    </div>
  );
}

/**
 * A banner for the overview page when a deployment is failing, out of sync
 * or unknown: which environment, since when and why, with a link to the
 * GitOps tab. Renders nothing otherwise, and nothing while loading or after
 * an error (the deployments card explains those).
 *
 * @public
 */
export function EntityGitOpsDriftWarning() {
  const { value } = useEntityDeployments();
  const tabLink = useGitOpsTabLink();
  const summaries = summarizeDrift(value?.deployments ?? []);
  const classes = useStyles();
  if (summaries.length === 0) return null;

  const severity = summaries.some(s => s.state === 'failing')
    ? 'error'
    : 'warning';
  return (
    <Alert
      severity={severity}
      aria-label="GitOps drift warning"
      classes={{ message: classes.message, action: classes.action }}
      action={
        <Link to={tabLink} style={{ whiteSpace: 'nowrap' }}>
          Open the GitOps tab
        </Link>
      }
    >
      {summaries.map(s => (
        <SummaryLine key={s.id} summary={s} />
      ))}
    </Alert>
  );
}
