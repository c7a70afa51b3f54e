import type { Octokit } from '@octokit/rest';
import { hasActionTrailer } from './commitMessage';
import { ActionBranchTakenError } from './errors';

/** A repository on GitHub with the client that may write to it. */
export interface GithubRepoClient {
  octokit: Octokit;
  owner: string;
  repo: string;
}

export interface FoundPullRequest {
  number: number;
  url: string;
  /** True when it was open already (not opened by this call). */
  reused: boolean;
}

const status = (error: unknown) => (error as { status?: number }).status;

/**
 * The commit on an action's own branch, when an earlier call made it; a
 * branch holding another action's commit is refused.
 */
export async function earlierBranchCommit(
  client: GithubRepoClient,
  branch: string,
  actionId: string,
): Promise<string | undefined> {
  const { octokit, owner, repo } = client;
  let sha: string;
  try {
    sha = (
      await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })
    ).data.object.sha;
  } catch (error) {
    if (status(error) === 404) return undefined;
    throw error;
  }
  const { data } = await octokit.rest.git.getCommit({
    owner,
    repo,
    commit_sha: sha,
  });
  if (!hasActionTrailer(data.message, actionId)) {
    throw new ActionBranchTakenError(branch);
  }
  return sha;
}

/** The open pull request from the branch into the base, if any. */
export async function findPullRequest(
  client: GithubRepoClient,
  branch: string,
  base: string,
): Promise<FoundPullRequest | undefined> {
  const { octokit, owner, repo } = client;
  const { data } = await octokit.rest.pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:${branch}`,
    base,
    per_page: 10,
  });
  const found = data.find(pr => pr.head.ref === branch);
  return found
    ? { number: found.number, url: found.html_url, reused: true }
    : undefined;
}

/** Opens the pull request; one a concurrent call opened meanwhile is answered instead. */
export async function openPullRequest(
  client: GithubRepoClient,
  pull: { branch: string; base: string; title: string; body: string },
): Promise<FoundPullRequest> {
  const { octokit, owner, repo } = client;
  try {
    const { data } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: pull.branch,
      base: pull.base,
      title: pull.title,
      body: pull.body,
    });
    return { number: data.number, url: data.html_url, reused: false };
  } catch (error) {
    const existing =
      status(error) === 422
        ? await findPullRequest(client, pull.branch, pull.base)
        : undefined;
    if (!existing) throw error;
    return existing;
  }
}
