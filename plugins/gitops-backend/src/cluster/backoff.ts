/**
 * Exponential backoff with full jitter: a random delay in
 * [base/2, base] where base doubles per attempt up to `maxMs`. The jitter
 * keeps many watchers from retrying a recovering API server in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const base = Math.min(
    options.maxMs,
    options.initialMs * 2 ** Math.max(0, attempt),
  );
  return Math.round(base / 2 + (random() * base) / 2);
}
