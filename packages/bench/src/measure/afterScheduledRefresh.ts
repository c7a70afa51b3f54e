import type { GitShim } from '../infra/gitShim';

/**
 * Waits for the backend's next scheduled refresh of its repositories (a
 * `git fetch` every `fetchIntervalSeconds`, 15 by default) to start and go
 * quiet, so a short batch measured next falls between two refreshes: what
 * it counts is then what the views caused, not the schedule. Bounded: after
 * `timeoutMs` it returns false and the batch runs anyway.
 */
export async function afterScheduledRefresh(
  gitShim: GitShim,
  options: { timeoutMs?: number; quietMs?: number; pollMs?: number } = {},
): Promise<boolean> {
  const { timeoutMs = 30_000, quietMs = 500, pollMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  const fetches = () => gitShim.count().bySubcommand.fetch ?? 0;
  const sleep = () => new Promise(resolve => setTimeout(resolve, pollMs));
  const first = fetches();
  while (fetches() === first) {
    if (Date.now() > deadline) return false;
    await sleep();
  }
  // The refresh's own processes (fetch, then log and cat-file) until none for quietMs.
  let total = gitShim.count().total;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) return false;
    await sleep();
    const now = gitShim.count().total;
    if (now !== total) {
      total = now;
      quietSince = Date.now();
    }
  }
  return true;
}
