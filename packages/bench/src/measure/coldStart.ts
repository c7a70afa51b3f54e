import type { BenchApi } from '../load/api';

export interface ColdStart {
  /** Seconds from spawning the backend until every view is built; null on timeout. */
  seconds: number | null;
  /** How "built" was decided. */
  signal: 'health.views' | 'fleet totalItems';
  /** What the last poll saw, e.g. "12000/12000". */
  last: string;
}

/**
 * Polls until every view is built: `GET /api/gitops/health` reporting
 * `views: { built, total }` with built === total where the backend has it,
 * else until the fleet query counts every seeded deployment.
 */
export async function measureColdStart(options: {
  api: BenchApi;
  startedAt: number;
  expectedDeployments: number;
  timeoutMs: number;
  onPoll?: (last: string) => void;
}): Promise<ColdStart> {
  const { api } = options;
  const deadline = options.startedAt + options.timeoutMs;
  let signal: ColdStart['signal'] = 'fleet totalItems';
  let last = 'no answer';
  while (Date.now() < deadline) {
    const remaining = Math.max(1000, deadline - Date.now());
    try {
      const health = await api.get('/api/gitops/health', remaining);
      const views = health?.views;
      if (views && typeof views.built === 'number') {
        signal = 'health.views';
        last = `${views.built}/${views.total}`;
        if (
          views.total >= options.expectedDeployments &&
          views.built >= views.total
        ) {
          return {
            seconds: (Date.now() - options.startedAt) / 1000,
            signal,
            last,
          };
        }
      } else {
        const fleet = await api.get(
          '/api/gitops/deployments?limit=1',
          remaining,
        );
        last = `${fleet.totalItems}/${options.expectedDeployments}`;
        if (fleet.totalItems >= options.expectedDeployments) {
          return {
            seconds: (Date.now() - options.startedAt) / 1000,
            signal,
            last,
          };
        }
      }
    } catch (error) {
      last = String((error as Error).message).slice(0, 120);
    }
    options.onPoll?.(last);
    await new Promise(r => setTimeout(r, 500));
  }
  return { seconds: null, signal, last };
}
