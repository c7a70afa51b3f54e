/*
 * A benchmark-only plugin: `GET /api/bench/memory` collects garbage (the
 * backend runs with --expose-gc) and answers the live heap, so the bench can
 * tell what is live from what V8 merely has not collected yet.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

/*
 * Time spent in garbage collection since this module loaded (early in the
 * backend's start), read before the forced collection below adds to it:
 * what a V8 heap limit costs shows here first.
 */
let gcMs = 0;
let gcCount = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount += 1;
  }
}).observe({ entryTypes: ['gc'] });

export function liveMemory() {
  const gcSoFar = { gc_s: Math.round(gcMs) / 1000, gc_count: gcCount };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return {
    collected: Boolean(gc),
    heap_used_mb: mb(usage.heapUsed),
    heap_total_mb: mb(usage.heapTotal),
    external_mb: mb(usage.external),
    array_buffers_mb: mb(usage.arrayBuffers),
    rss_mb: mb(usage.rss),
    // V8's heap limit (--max-old-space-size, or its default for this machine).
    heap_limit_mb: mb(v8.getHeapStatistics().heap_size_limit),
    ...gcSoFar,
    spaces_used_mb: Object.fromEntries(
      v8
        .getHeapSpaceStatistics()
        .map(s => [s.space_name, mb(s.space_used_size)]),
    ),
  };
}

export const benchMemoryPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { http: coreServices.httpRouter },
      async init({ http }) {
        // A plain handler: the bench package does not depend on express.
        http.use(((req: any, res: any, next: () => void) => {
          if (req.method === 'GET' && req.path === '/memory') {
            res.json(liveMemory());
          } else next();
        }) as Parameters<typeof http.use>[0]);
        http.addAuthPolicy({ path: '/memory', allow: 'unauthenticated' });
      },
    });
  },
});
