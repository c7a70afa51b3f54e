import {
  GitRevisionNotFoundError,
  type GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { toCommitSummary } from './commitSummary';
import {
  PENDING_LIMIT,
  type GitSourceFacts,
  type GitSourceQuery,
} from './gitFacts';

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

/**
 * Git facts from a provider that does not feed the commit index (one added
 * by a module): read through its listCommits and isAncestor, by path.
 */
export async function readLegacyGitFacts(
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
      commitAt: sha =>
        git
          .getCommit({ repoUrl, sha })
          .then(commit => toCommitSummary(commit, sourceIndex))
          .catch(() => undefined),
      // Not indexed: these facts watch any change anyway (no watchPaths).
      onTrackedLine: () => false,
      pendingCommits: list.commits.map(c => toCommitSummary(c, sourceIndex)),
      pendingTruncated: list.truncated,
      deployedOnBranch,
      changedOutsidePath,
    };
  }
}
