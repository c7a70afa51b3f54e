import autocannon from 'autocannon';
import { summarize, type LatencySummary } from '../measure/stats';

export interface LoadResult extends LatencySummary {
  connections: number;
  durationS: number;
  /** Completed 2xx answers per second. */
  throughput: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * Runs autocannon against one route with `connections` concurrent clients
 * for `durationS`, each request built by `next()` (a random entity).
 * Percentiles come from every response time, not autocannon's fixed
 * buckets (which have no p95).
 */
export async function runLoad(options: {
  baseUrl: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  timeoutS: number;
  next: () => { method: 'GET' | 'POST'; path: string; body?: string };
}): Promise<LoadResult> {
  const samples: number[] = [];
  let ok = 0;
  let non2xx = 0;
  // Without a callback autocannon returns its emitter, which is also thenable.
  const instance: any = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationS,
    timeout: options.timeoutS,
    headers: { ...options.headers, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request: any) => {
          const next = options.next();
          return { ...request, ...next };
        },
      },
    ],
  } as any);
  instance.on(
    'response',
    (
      _client: unknown,
      statusCode: number,
      _bytes: number,
      responseTime: number,
    ) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok += 1;
        samples.push(responseTime);
      } else {
        non2xx += 1;
      }
    },
  );
  const result: any = await instance;
  return {
    ...summarize(samples),
    connections: options.connections,
    durationS: options.durationS,
    throughput: ok / options.durationS,
    ok,
    non2xx,
    errors: result.errors ?? 0,
    timeouts: result.timeouts ?? 0,
  };
}
