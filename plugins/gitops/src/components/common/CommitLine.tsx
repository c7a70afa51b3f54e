import type { CommitSummary } from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useId, useState } from 'react';
import { CiBadge } from '../CiBadge';
import { ClampedText } from './ClampedText';
import { CommitLink } from './CommitLink';
import { commitTitle } from './format';
import { PullRequestLink } from './PullRequestLink';
import { RelativeTime } from './RelativeTime';

const useStyles = makeStyles(theme => ({
  toggle: {
    padding: 0,
    minWidth: 0,
    textTransform: 'none',
    fontSize: theme.typography.caption.fontSize,
    verticalAlign: 'baseline',
  },
  merged: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
    listStyle: 'none',
  },
}));

/**
 * A commit in at most `lines` lines: short SHA, CI state, title and PR, ending in "…"
 * when cut, with the full title on hover.
 */
export function CommitTitle(props: { commit: CommitSummary; lines?: number }) {
  const c = props.commit;
  const title = commitTitle(c.message);
  return (
    <ClampedText text={title || c.sha} lines={props.lines ?? 2}>
      <CommitLink revision={c.sha} url={c.url} />
      <CiBadge ci={c.ci} />
      {title && (
        <>
          {' '}
          <span>{title}</span>
        </>
      )}
      {c.pullRequest && (
        <>
          {' '}
          (<PullRequestLink pullRequest={c.pullRequest} />)
        </>
      )}
    </ClampedText>
  );
}

/** "by Alice", left out when the author is not known. */
export function authorOf(
  commit: CommitSummary | undefined,
): string | undefined {
  return commit?.author?.name?.trim() || undefined;
}

/**
 * The commits a merge on the tracked branch brought in, behind a toggle, so
 * pending commits and history show what landed (the merge, titled by its
 * PR) and still let people see its parts.
 */
export function MergedCommits(props: { commit: CommitSummary }) {
  const classes = useStyles();
  const id = useId();
  const [open, setOpen] = useState(false);
  const merged = props.commit.mergedCommits ?? [];
  if (merged.length === 0) return null;
  const label = `${merged.length} commit${merged.length === 1 ? '' : 's'}`;
  return (
    <>
      {' · '}
      <Button
        size="small"
        color="primary"
        className={classes.toggle}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(o => !o)}
      >
        {open ? `hide ${label}` : `show ${label}`}
      </Button>
      {open && (
        <ul id={id} className={classes.merged} aria-label="Merged commits">
          {merged.map(c => (
            <li key={c.sha}>
              <Typography variant="caption" component="span">
                <CommitTitle commit={c} lines={1} />
                {authorOf(c) && <> · {authorOf(c)}</>}
                {c.committedAt && (
                  <>
                    , <RelativeTime at={c.committedAt} />
                  </>
                )}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
