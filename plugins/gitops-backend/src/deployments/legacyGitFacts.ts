import type {
  CommitSummary,
  DriftReason,
} from '@gitops-console/plugin-gitops-common';
import {
  GitRevisionNotFoundError,
  type GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { toCommitSummary } from './commitSummary';

/** Lists of commits are capped at this many (DESIGN.md §4). */
export const PENDING_LIMIT = 20;

export interface GitSourceQuery {
  repoUrl: string;
  /** Branch, tag or SHA tracked; `HEAD` for the default branch. */
  ref: string;
  path: string;
  /** The deployed commit, when known. */
  deployedSha?: string;
  /** The revision the CD tool last compared (Argo CD), when known. */
  comparedSha?: string;
  sourceIndex?: number;
}

export interface GitSourceFacts {
  desiredRevision?: string;
  /** The tracked ref's head (may be newer than desiredRevision). */
  headRevision?: string;
  pendingCommits: CommitSummary[];
  pendingTruncated: boolean;
  deployedOnBranch: boolean;
  changedOutsidePath: boolean;
  /** Set when Git could not be read; the deployment then shows it. */
  error?: DriftReason;
}

/**
 * Reads what Git says about one source: the desired revision (the last
 * commit touching the path on the tracked ref), the commits on the path not
 * deployed yet, and whether the deployed commit is still on the branch.
 * Commits that do not touch the path never make a deployment behind.
 *
 * Errors that mean "this repository may not be read" propagate (the API
 * maps them to 422); others become an `error` reason on the facts.
 */
export async function readGitSourceFacts(
  git: GitProvider,
  query: GitSourceQuery,
  isFatal: (error: unknown) => boolean,
): Promise<GitSourceFacts> {
  try {
    return await readFacts(git, query);
  } catch (error) {
    if (isFatal(error)) throw error;
    return unavailable(error);
  }
}

function unavailable(error: unknown): GitSourceFacts {
  return {
    pendingCommits: [],
    pendingTruncated: false,
    deployedOnBranch: true,
    changedOutsidePath: false,
    error: {
      code: 'git-unavailable',
      message: `cannot read Git: ${(error as Error).message}`,
    },
  };
}

/**
 * Whether the repository knows the deployed commit. A commit the cache has
 * not seen yet means the cache is behind the cluster: fetch once and ask
 * again. A commit the repository does not have at all was force-pushed away.
 */
async function deployedCommitExists(
  git: GitProvider,
  repoUrl: string,
  sha: string,
) {
  for (const attempt of [0, 1]) {
    try {
      await git.getCommit({ repoUrl, sha });
      return true;
    } catch (error) {
      if (!(error instanceof GitRevisionNotFoundError)) throw error;
      if (attempt === 0) await git.refresh(repoUrl);
    }
  }
  return false;
}

async function readFacts(
  git: GitProvider,
  query: GitSourceQuery,
): Promise<GitSourceFacts> {
  const { repoUrl, ref, path, comparedSha, sourceIndex } = query;
  let { deployedSha } = query;
  let deployedExists = true;
  if (deployedSha && !(await deployedCommitExists(git, repoUrl, deployedSha))) {
    deployedExists = false;
    deployedSha = undefined;
  }
  {
    const headRevision = await git.resolveRevision({ repoUrl, ref });
    const [last] = (
      await git.listCommits({ repoUrl, ref: headRevision, path, limit: 1 })
    ).commits;
    const desiredRevision = last?.sha ?? headRevision;

    let deployedOnBranch = deployedExists;
    let list;
    if (deployedSha) {
      deployedOnBranch = await git.isAncestor({
        repoUrl,
        ancestor: deployedSha,
        descendant: headRevision,
      });
      list = await git.listCommits({
        repoUrl,
        ref: headRevision,
        path,
        since: deployedSha,
        limit: PENDING_LIMIT,
      });
    } else {
      list = await git.listCommits({
        repoUrl,
        ref: headRevision,
        path,
        limit: PENDING_LIMIT,
      });
    }

    // Argo CD compared a newer revision than the deployed one, yet nothing
    // on the path changed in between: the change lies outside the path.
    const changedOutsidePath = Boolean(
      deployedSha &&
        comparedSha &&
        deployedOnBranch &&
        list.commits.length === 0 &&
        !comparedSha.startsWith(deployedSha) &&
        !deployedSha.startsWith(comparedSha),
    );

    return {
      desiredRevision,
      headRevision,
      pendingCommits: list.commits.map(c => toCommitSummary(c, sourceIndex)),
      pendingTruncated: list.truncated,
      deployedOnBranch,
      changedOutsidePath,
    };
  }
}
