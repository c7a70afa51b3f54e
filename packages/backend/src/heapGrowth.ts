import { setFlagsFromString } from 'node:v8';

/** The factor the README's Scale section measured: 1.5 times the live heap. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

const FLAG = /^--heap[-_]growing[-_]percent(=|$)/;

/**
 * The V8 flag for GITOPS_HEAP_GROWING_PERCENT (default 50; 0 leaves V8 its
 * own adaptive factor), or none when the node command line sets one.
 *
 * While requests keep it busy, V8 lets the old generation grow to about
 * four times the live heap before collecting; at 12,000 CRs the backend
 * peaked at 1.19–1.30 GB RSS that way, and at 0.66–0.69 GB with a factor
 * of 1.5 and the same throughput (README, Scale). Node refuses this flag in NODE_OPTIONS, so the
 * entry sets it.
 */
export function heapGrowthFlag(
  env: NodeJS.ProcessEnv,
  execArgv: readonly string[],
): string | undefined {
  if (execArgv.some(arg => FLAG.test(arg))) return undefined;
  const raw = env.GITOPS_HEAP_GROWING_PERCENT?.trim();
  const percent = raw ? Number(raw) : DEFAULT_HEAP_GROWING_PERCENT;
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) {
    throw new Error(
      `GITOPS_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (0: V8's own growth), got "${raw}"`,
    );
  }
  return percent > 0 ? `--heap-growing-percent=${percent}` : undefined;
}

/** Applies heapGrowthFlag to this process; V8 reads it at each collection. */
export function applyHeapGrowth(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): string | undefined {
  const flag = heapGrowthFlag(env, execArgv);
  if (flag) setFlagsFromString(flag);
  return flag;
}
