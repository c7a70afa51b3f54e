import { Link } from '@backstage/core-components';
import type {
  ActionPreviewResponse,
  ActionRecordResponse,
} from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useFollowAction } from '../../hooks/useFollowAction';
import { CommitLink } from '../common';
import { ACTION_STATUS_LABELS } from './actionPresentation';
import { actionSteps, statusSentence } from './actionSteps';
import { ActionStatusLabel } from './ActionStatusLabel';
import { ActionWarnings } from './ActionWarnings';

const useStyles = makeStyles(theme => ({
  steps: {
    display: 'flex',
    gap: theme.spacing(2),
    paddingLeft: 0,
    listStyle: 'none',
  },
  done: { color: theme.palette.text.primary },
  todo: { color: theme.palette.text.disabled },
}));

/** The result of an action: its pull request, or the commit it made. */
export function ActionResultLink(props: {
  record: Pick<ActionRecordResponse, 'prUrl' | 'resultCommitSha'>;
}) {
  const { prUrl, resultCommitSha } = props.record;
  // Only web links: a record's URL is data, never a script to run.
  if (prUrl && /^https?:\/\//i.test(prUrl)) {
    const number = prUrl.match(/\/pulls?\/(\d+)\/?$/)?.[1];
    return <Link to={prUrl}>pull request{number && ` #${number}`}</Link>;
  }
  if (prUrl) return <span>pull request</span>;
  if (resultCommitSha) return <CommitLink revision={resultCommitSha} />;
  return null;
}

/**
 * Follows an action record live after it was asked for: the steps it goes
 * through, where it is (announced to screen readers), its link, and the
 * failure in words.
 */
export function ActionProgress(props: {
  record: ActionRecordResponse;
  signalChannel?: string;
  delivery?: ActionPreviewResponse['delivery'];
}) {
  const classes = useStyles();
  const { record: followed, timedOut } = useFollowAction(
    props.record,
    props.signalChannel,
  );
  const record = followed ?? props.record;
  const steps = actionSteps(record, props.delivery);
  const reached = steps.indexOf(record.status);
  return (
    <section aria-label="Progress">
      {record.status !== 'failed' && record.status !== 'superseded' && (
        <ol className={classes.steps} aria-label="Steps">
          {steps.map((s, i) => (
            <li
              key={s}
              className={i <= reached ? classes.done : classes.todo}
              aria-current={i === reached ? 'step' : undefined}
            >
              {i < reached ? '✓ ' : ''}
              {ACTION_STATUS_LABELS[s]}
            </li>
          ))}
        </ol>
      )}
      <Typography variant="body2" role="status" gutterBottom>
        <ActionStatusLabel status={record.status} />{' '}
        {statusSentence(record, props.delivery)}
      </Typography>
      {(record.prUrl || record.resultCommitSha) && (
        <Typography variant="body2" gutterBottom>
          Result: <ActionResultLink record={record} />
        </Typography>
      )}
      {timedOut && (
        <Typography variant="body2" color="textSecondary">
          Still {ACTION_STATUS_LABELS[record.status].toLowerCase()} after a long
          while; the Actions list keeps following it.
        </Typography>
      )}
      <ActionWarnings warnings={record.warnings ?? []} />
    </section>
  );
}
