import type { CommitSummary } from '@gitops-console/plugin-gitops-common';
import type { GitCommit } from '@gitops-console/plugin-gitops-node';

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
