import type { GitCommit } from '@gitops-console/plugin-gitops-node';
import { isoUtc } from '../isoUtc';
import { pullRequestNumber } from '../pullRequestNumber';

/** The fields of GitHub's commit object that GitOps Console reads. */
export interface GithubCommitData {
  sha: string;
  html_url?: string;
  parents: Array<{ sha: string }>;
  author?: { login?: string } | null;
  commit: {
    message: string;
    author?: { name?: string; email?: string; date?: string } | null;
    committer?: { date?: string } | null;
  };
}

/** A commit plus its committer date, which history walks stop on. */
export interface DatedCommit {
  commit: GitCommit;
  committerDate?: string;
}

export function toGitCommit(data: GithubCommitData): DatedCommit {
  const author = data.commit.author;
  const name = author?.name ?? data.author?.login ?? 'unknown';
  const pullRequest = pullRequestNumber(data.commit.message);
  return {
    commit: {
      sha: data.sha,
      message: data.commit.message,
      author: author?.email ? { name, email: author.email } : { name },
      committedAt: isoUtc(author?.date ?? data.commit.committer?.date) ?? '',
      parents: data.parents.map(parent => parent.sha),
      ...(pullRequest !== undefined ? { pullRequest } : {}),
      ...(data.html_url ? { url: data.html_url } : {}),
    },
    committerDate: data.commit.committer?.date ?? author?.date ?? undefined,
  };
}
