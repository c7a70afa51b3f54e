import type { CommitSummary } from '@gitops-console/plugin-gitops-common';
import type { GitCommit } from '@gitops-console/plugin-gitops-node';
import type { CommitLine } from '../git/commitIndex/CommitLine';

/** Commits listed under a merge, at most. */
const MERGED_LIMIT = 20;

/** A pull request link for hosts whose URL scheme we know. */
function pullRequestUrl(commitUrl: string | undefined, number: number) {
  const match = commitUrl?.match(/^(https:\/\/[^/]+\/[^/]+\/[^/]+)\/commit\//);
  return match ? `${match[1]}/pull/${number}` : undefined;
}

/** The shared commit shape, trimmed to what the UI shows. */
export function toCommitSummary(
  commit: GitCommit,
  sourceIndex?: number,
): CommitSummary {
  const pr = commit.pullRequest;
  return {
    sha: commit.sha,
    message: commit.message,
    author: commit.author,
    committedAt: commit.committedAt,
    ...(commit.url && { url: commit.url }),
    ...(pr !== undefined && {
      pullRequest: { number: pr, url: pullRequestUrl(commit.url, pr) },
    }),
    ...(sourceIndex !== undefined && { sourceIndex }),
  };
}

/**
 * A commit of the tracked line; a merge carries the commits it brought in
 * (the frontend titles it by its pull request).
 */
export function lineCommitSummary(
  line: CommitLine,
  commit: GitCommit,
  sourceIndex?: number,
): CommitSummary {
  const summary = toCommitSummary(commit, sourceIndex);
  if (commit.parents.length < 2) return summary;
  const merged = line.mergedCommits(commit.sha);
  return merged.length > 0
    ? {
        ...summary,
        mergedCommits: merged
          .slice(0, MERGED_LIMIT)
          .map(c => toCommitSummary(c, sourceIndex)),
      }
    : summary;
}
