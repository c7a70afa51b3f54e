import {
  parseRevision,
  type Deployment,
} from '@gitops-console/plugin-gitops-common';
import type { GitService } from '../git/GitService';

/** The Git reads the check needs: the indexed line, and ancestry as a fallback. */
export type AncestryGit = Pick<GitService, 'line' | 'isAncestor'>;

const sameSha = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length >= 7 && y.length >= 7 && (x.startsWith(y) || y.startsWith(x));
};

/**
 * Whether `deployed` is `commit` or a descendant of it, seen from the
 * tracked ref. The tracked branch's first-parent line (from the commit
 * index, in memory) answers when both are on it: the deployed position is
 * at or after the commit's. Otherwise (the commit came in through a merge,
 * so it is off the first-parent line; or it is older than the indexed
 * depth; or the ref is not a branch) the provider's ancestry check answers.
 */
export async function revisionReached(
  git: AncestryGit,
  options: { repoUrl: string; ref: string; deployed: string; commit: string },
): Promise<boolean> {
  const { repoUrl, ref, deployed, commit } = options;
  if (sameSha(deployed, commit)) return true;
  try {
    const line = await git.line(repoUrl, ref);
    const at = line.positionOf(deployed);
    const of = line.positionOf(commit);
    if (at !== undefined && of !== undefined) return at >= of;
  } catch {
    // Not an indexed branch (a tag, a SHA): ancestry below decides.
  }
  try {
    return await git.isAncestor({
      repoUrl,
      ancestor: commit,
      descendant: deployed,
    });
  } catch {
    // A commit the repository does not know (yet): not reached.
    return false;
  }
}

/**
 * Whether any Git source of the deployment runs `commit` or a descendant
 * of it on its tracked ref. A record names the deployment, not the source:
 * a multi-source Application's rollback restores each of its paths in one
 * commit, so whichever source reads the repository sees it.
 */
export async function deploymentReached(
  git: AncestryGit,
  deployment: Deployment,
  commit: string,
): Promise<boolean> {
  let sources = deployment.sources;
  if (sources.length === 0 && deployment.source) sources = [deployment.source];
  for (const source of sources) {
    if (source.type !== 'git') continue;
    const deployed = parseRevision(source.deployedRevision).sha;
    if (!deployed) continue;
    const ref = source.ref ?? source.desiredRef ?? 'HEAD';
    if (
      await revisionReached(git, {
        repoUrl: source.repoURL,
        ref,
        deployed,
        commit,
      })
    ) {
      return true;
    }
  }
  return false;
}
