import type {
  Deployment,
  HistoryEntry,
} from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { makeStyles } from '@material-ui/core/styles';
import {
  authorOf,
  CommitLink,
  CommitTitle,
  MergedCommits,
  RelativeTime,
} from '../common';
import { CommitActions, isRollbackTarget } from '../actions';

const useStyles = makeStyles({
  timeline: { padding: 0, margin: 0, overflowWrap: 'anywhere' },
  // Content only: no opposite column, so items align left.
  item: { '&::before': { display: 'none' } },
});

/** Who deployed it, when the CD tool says (Flux never does). */
function initiator(entry: HistoryEntry): string | undefined {
  if (entry.initiatedBy?.automated) return 'automated sync';
  return entry.initiatedBy?.username || undefined;
}

/**
 * The revision of a history entry: its commit (title and PR) when known; a
 * HelmRelease's chart version once, not also as its revision.
 */
function HistoryRevision(props: { entry: HistoryEntry }) {
  const { entry } = props;
  const chart = entry.chartVersion && <>chart {entry.chartVersion}</>;
  if (entry.commit?.sha) {
    return (
      <>
        {chart && <>{chart} · </>}
        <CommitTitle commit={entry.commit} />
      </>
    );
  }
  if (chart && (entry.revision === entry.chartVersion || !entry.revision)) {
    return chart;
  }
  return (
    <>
      {chart && <>{chart} · </>}
      <CommitLink revision={entry.revision} />
    </>
  );
}

/** Past deployments, newest first: revision, when, who, commit and PR. */
export function HistoryTimeline(props: {
  history: HistoryEntry[];
  /** Marks the newest entry of this revision as the one running now. */
  deployedRevision?: string;
  /** Given on the entity tab: entries offer rollback and revert. */
  deployment?: Deployment;
}) {
  const d = props.deployment;
  const classes = useStyles();
  const current = props.history.findIndex(
    e =>
      !!props.deployedRevision &&
      (e.revision === props.deployedRevision ||
        e.commit?.sha === props.deployedRevision),
  );
  return (
    <section aria-label="History">
      <Typography variant="subtitle1" component="h4">
        History
      </Typography>
      {props.history.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No deployment recorded yet.
        </Typography>
      ) : (
        <Timeline className={classes.timeline}>
          {props.history.map((entry, i) => (
            <TimelineItem
              key={`${entry.revision}:${entry.deployedAt ?? i}`}
              className={classes.item}
            >
              <TimelineSeparator>
                <TimelineDot color={i === current ? 'primary' : 'grey'} />
                {i < props.history.length - 1 && <TimelineConnector />}
              </TimelineSeparator>
              <TimelineContent>
                <Typography variant="body2" component="div">
                  <HistoryRevision entry={entry} />
                  {i === current && ' — running now'}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  <RelativeTime at={entry.deployedAt} fallback="time unknown" />
                  {initiator(entry) && <> by {initiator(entry)}</>}
                  {authorOf(entry.commit) && (
                    <>, authored by {authorOf(entry.commit)}</>
                  )}
                  {entry.status && <> · {entry.status}</>}
                  {entry.fromLedger && (
                    <> · from the deployment ledger (older than the CR keeps)</>
                  )}
                  {entry.commit && <MergedCommits commit={entry.commit} />}
                </Typography>
                <div>
                  <CommitActions
                    deployment={d}
                    sha={entry.commit?.sha}
                    rollback={
                      !!d &&
                      !!entry.commit &&
                      isRollbackTarget(d, entry.commit.sha)
                    }
                  />
                </div>
              </TimelineContent>
            </TimelineItem>
          ))}
        </Timeline>
      )}
    </section>
  );
}
