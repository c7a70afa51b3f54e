import type { HistoryEntry } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { makeStyles } from '@material-ui/core/styles';
import {
  CommitLink,
  commitTitle,
  PullRequestLink,
  RelativeTime,
} from '../common';

const useStyles = makeStyles({
  timeline: { padding: 0, margin: 0, overflowWrap: 'anywhere' },
  // Content only: no opposite column, so items align left.
  item: { '&::before': { display: 'none' } },
});

function initiator(entry: HistoryEntry): string {
  if (entry.initiatedBy?.automated) return 'automated sync';
  if (entry.initiatedBy?.username) return entry.initiatedBy.username;
  return 'unknown initiator';
}

/** Past deployments, newest first: revision, when, who, commit and PR. */
export function HistoryTimeline(props: {
  history: HistoryEntry[];
  /** Marks the newest entry of this revision as the one running now. */
  deployedRevision?: string;
}) {
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
                <Typography variant="body2">
                  {entry.chartVersion && <>chart {entry.chartVersion} · </>}
                  <CommitLink
                    revision={entry.commit?.sha ?? entry.revision}
                    url={entry.commit?.url}
                  />{' '}
                  {entry.commit && commitTitle(entry.commit.message)}
                  {entry.commit?.pullRequest && (
                    <>
                      {' '}
                      (
                      <PullRequestLink pullRequest={entry.commit.pullRequest} />
                      )
                    </>
                  )}
                  {i === current && ' — running now'}
                </Typography>
                <Typography variant="caption" color="textSecondary">
                  <RelativeTime at={entry.deployedAt} fallback="time unknown" />{' '}
                  by {initiator(entry)}
                  {entry.commit && (
                    <>, authored by {entry.commit.author.name}</>
                  )}
                  {entry.status && <> · {entry.status}</>}
                </Typography>
              </TimelineContent>
            </TimelineItem>
          ))}
        </Timeline>
      )}
    </section>
  );
}
