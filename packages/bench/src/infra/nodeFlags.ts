import type { BenchArgs } from '../args';

/**
 * The V8 growing factor the README's Scale section recommends for
 * production (`node --heap-growing-percent=50`). Without it V8 lets the
 * old generation grow to about four times the live heap between
 * collections while requests keep it busy; at 50 it grows to 1.5 times.
 */
export const RECOMMENDED_HEAP_GROWING_PERCENT = 50;

/**
 * The Node flags the benchmark backend runs with: the heap growing
 * factor (none for 0, V8's own adaptive factor) and BENCH_NODE_FLAGS.
 */
export function backendNodeFlags(
  args: Pick<BenchArgs, 'heapGrowingPercent'>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  return [
    ...(args.heapGrowingPercent > 0
      ? [`--heap-growing-percent=${args.heapGrowingPercent}`]
      : []),
    ...(env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
  ];
}
