import { hasActionTrailer, ACTION_TRAILER } from './commitMessage';
import type { GitWorkspace } from './GitWorkspace';

/**
 * The newest commit of `rev`'s first-parent line (at most `depth` back)
 * whose message carries this action's trailer: what an earlier call of the
 * same action pushed.
 */
export async function findActionCommit(
  workspace: GitWorkspace,
  rev: string,
  actionId: string,
  depth = 200,
): Promise<string | undefined> {
  const out = await workspace.git([
    'log',
    '--first-parent',
    `--max-count=${depth}`,
    '--fixed-strings',
    `--grep=${ACTION_TRAILER}: ${actionId}`,
    '--format=%x1e%H%x1f%B',
    rev,
  ]);
  for (const record of out.split('\x1e').filter(Boolean)) {
    const [sha, message] = record.split('\x1f');
    if (hasActionTrailer(message, actionId)) return sha.trim();
  }
  return undefined;
}
