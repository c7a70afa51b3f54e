import type { Octokit } from '@octokit/rest';

/** What the tracker needs to know of a pull request. */
export interface PullRequestState {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  /**
   * The commit the merge put on the base branch: the merge commit, the
   * squashed commit, or the last rebased one. Null while not merged.
   */
  mergeCommitSha: string | null;
}

/** Reads a pull request's state from its web URL (the record's `prUrl`). */
export interface PullRequestReader {
  read(prUrl: string): Promise<PullRequestState>;
}

/**
 * `https://<host>/<owner>/<repo>/pull/<n>` → the repository URL the Git
 * writers and integrations know, and the number.
 */
export function parsePullRequestUrl(prUrl: string): {
  repoUrl: string;
  number: number;
} {
  let url: URL;
  try {
    url = new URL(prUrl);
  } catch {
    throw new Error(`'${prUrl}' is not a pull request URL`);
  }
  const segments = url.pathname.split('/').filter(Boolean);
  const [owner, repo, pull, number] = segments.slice(-4);
  if (segments.length < 4 || pull !== 'pull' || !/^\d+$/.test(number)) {
    throw new Error(
      `'${url.origin}${url.pathname}' is not a pull request URL (…/<owner>/<repo>/pull/<number>)`,
    );
  }
  return {
    repoUrl: `${url.origin}/${owner}/${repo}`,
    number: Number(number),
  };
}

/** Something that hands out the integration's Octokit for a repository. */
export interface GithubClientSource {
  client(
    repoUrl: string,
  ): Promise<{ octokit: Octokit; owner: string; repo: string }>;
}

/**
 * A PullRequestReader on GitHub, with the Octokit the GitHub action writer
 * builds from `integrations.github` (token or App), so both use the same
 * credentials and API base URL.
 */
export function githubPullRequestReader(
  github: GithubClientSource,
): PullRequestReader {
  return {
    async read(prUrl) {
      const { repoUrl, number } = parsePullRequestUrl(prUrl);
      const { octokit, owner, repo } = await github.client(repoUrl);
      const { data } = await octokit.rest.pulls.get({
        owner,
        repo,
        pull_number: number,
      });
      return {
        number,
        state: data.state === 'open' ? 'open' : 'closed',
        merged: Boolean(data.merged),
        mergeCommitSha: data.merged ? data.merge_commit_sha ?? null : null,
      };
    },
  };
}
