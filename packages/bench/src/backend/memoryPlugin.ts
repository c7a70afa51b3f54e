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

export function liveMemory() {
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
