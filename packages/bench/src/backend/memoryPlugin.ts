/*
 * A benchmark-only plugin: `GET /api/bench/memory` collects garbage (the
 * backend runs with --expose-gc) and answers the live heap, so the bench can
 * tell what is live from what V8 merely has not collected yet.
 * `GET /api/bench/event-loop` answers the event loop's delay since the last
 * call and starts over, so each bench phase gets its own: a latency tail
 * far above the phase's longest delay is queueing, not a stall.
 * `GET /api/bench/heap` answers the heap as it is, without a collection:
 * at a phase's end it tells a V8 heap that grew from native memory that did.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import v8 from 'node:v8';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

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

// 10 ms: finer sampling would itself load the loop it measures.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** The delay since the last call, in ms; then starts over. */
export function eventLoopDelaySinceLast() {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const delay = {
    max_ms: ms(loopDelay.max),
    p99_ms: ms(loopDelay.percentile(99)),
    mean_ms: ms(loopDelay.mean),
  };
  loopDelay.reset();
  return delay;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** process.memoryUsage() in MB. */
function usageMb() {
  const usage = process.memoryUsage();
  return {
    heap_used_mb: mb(usage.heapUsed),
    heap_total_mb: mb(usage.heapTotal),
    external_mb: mb(usage.external),
    array_buffers_mb: mb(usage.arrayBuffers),
    rss_mb: mb(usage.rss),
  };
}

export function liveMemory() {
  const gcSoFar = { gc_s: Math.round(gcMs) / 1000, gc_count: gcCount };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return {
    collected: Boolean(gc),
    ...usageMb(),
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

/** The heap and the resident set now, garbage included. */
export function heapNow() {
  return {
    ...usageMb(),
    // The most V8 itself has had from malloc (outside the JavaScript heap).
    peak_malloced_mb: mb(v8.getHeapStatistics().peak_malloced_memory),
  };
}

export const benchMemoryPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: {
        http: coreServices.httpRouter,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ http, lifecycle }) {
        // The first phase's delay starts when the backend has started, so
        // module loading before it listens is not counted as a stall.
        lifecycle.addStartupHook(() => loopDelay.reset());
        // A plain handler: the bench package does not depend on express.
        http.use(((req: any, res: any, next: () => void) => {
          if (req.method === 'GET' && req.path === '/memory') {
            res.json(liveMemory());
          } else if (req.method === 'GET' && req.path === '/event-loop') {
            res.json(eventLoopDelaySinceLast());
          } else if (req.method === 'GET' && req.path === '/heap') {
            res.json(heapNow());
          } else next();
        }) as Parameters<typeof http.use>[0]);
        http.addAuthPolicy({ path: '/memory', allow: 'unauthenticated' });
        http.addAuthPolicy({ path: '/event-loop', allow: 'unauthenticated' });
        http.addAuthPolicy({ path: '/heap', allow: 'unauthenticated' });
      },
    });
  },
});
