import { ActionBranchTakenError, BranchMovedError } from './errors';
import { findActionCommit } from './findActionCommit';
import type { GitWorkspace } from './GitWorkspace';

/**
 * The commit an earlier call of this action pushed, if any: on the tracked
 * branch, the newest commit with its trailer; on the action's own branch,
 * its tip (a tip of another action is refused).
 */
export async function earlierPushedCommit(
  workspace: GitWorkspace,
  branch: string,
  actionId: string,
): Promise<string | undefined> {
  if (branch === workspace.branch) {
    return findActionCommit(
      workspace,
      `refs/remotes/origin/${branch}`,
      actionId,
    );
  }
  const listed = await workspace.git([
    'ls-remote',
    '--heads',
    'origin',
    `refs/heads/${branch}`,
  ]);
  if (!listed.trim()) return undefined;
  await workspace.git([
    'fetch',
    '--quiet',
    'origin',
    `+refs/heads/${branch}:refs/gitops/action`,
  ]);
  const found = await findActionCommit(
    workspace,
    'refs/gitops/action',
    actionId,
    1,
  );
  if (!found) throw new ActionBranchTakenError(branch);
  return found;
}

/** Pushes a commit as the branch's new tip; a refused push is a BranchMovedError. */
export async function pushCommit(
  workspace: GitWorkspace,
  sha: string,
  branch: string,
): Promise<void> {
  const pushed = await workspace.call(
    ['push', '--porcelain', '--quiet', 'origin', `${sha}:refs/heads/${branch}`],
    { okCodes: [1] },
  );
  if (pushed.exitCode !== 0) {
    const rejected = pushed.stdout
      .split('\n')
      .find(line => line.startsWith('!'));
    throw new BranchMovedError(
      branch,
      rejected?.split('\t').pop()?.trim() ||
        pushed.stderr.trim().split('\n').pop() ||
        'rejected',
    );
  }
}
