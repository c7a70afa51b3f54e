import type { BenchArgs } from '../args';
import { seededRandom } from '../fleet/random';
import type { BenchBackend } from '../infra/benchBackend';
import type { BenchSetup } from '../infra/setup';
import {
  entityDeploymentsPath,
  KUBERNETES_QUERY_PATH,
  kubernetesQueryBody,
  type BenchApi,
} from '../load/api';
import { runLoad, type LoadResult } from '../load/loadRun';
import { forEachBounded } from '../load/pool';
import {
  perView,
  readCounters,
  routesPerView,
  routeTotals,
  sumRequests,
} from './counters';

export const CONCURRENCIES = [1, 10, 50];
const STEADY_VIEWS = 200;
/** The filtered fleet query's owner. */
const OWNER = 'group:default/payments';
/** A batch stops starting views after this; only answered views count. */
const BATCH_BUDGET_MS = 90_000;

/** Runs `view` over `items`, `concurrency` at a time, within `budgetMs`; returns how many answered. */
async function boundedViews(
  items: string[],
  concurrency: number,
  budgetMs: number,
  view: (item: string) => Promise<unknown>,
): Promise<number> {
  const end = Date.now() + budgetMs;
  let answered = 0;
  await forEachBounded(items, concurrency, async item => {
    if (Date.now() > end) return;
    try {
      await view(item);
      answered += 1;
    } catch {
      // a view that failed or timed out is not a page view served
    }
  });
  return answered;
}

export interface FleetVariant {
  name: string;
  path: string;
  result: LoadResult;
  totalItems?: number;
}

export interface GitopsMeasures {
  gitopsViews: LoadResult[];
  /**
   * The same load on a route that does no work (`/api/gitops/health`):
   * what Backstage's HTTP stack (middleware, request validation) costs at
   * that concurrency on this machine. The route allows unauthenticated
   * calls, so the token is not verified: the floor leaves out that cost.
   */
  httpFloor: LoadResult;
  /** Counters over a batch of GitOps entity views at steady state. */
  steady: ReturnType<typeof perView> & { kubeRoutes: Record<string, number> };
  fleet: FleetVariant[];
  sanity: { entity: string; deployments: number; kubernetesItems: number };
}

export interface KubernetesMeasures {
  kubernetesViews: LoadResult[];
  /** Upstream cluster requests per Kubernetes-plugin query, over a batch. */
  kubernetesRequestsPerView: number | null;
  /** The same, by route (summed over the clusters). */
  kubernetesRoutesPerView: Record<string, number>;
}

interface MeasureOptions {
  setup: BenchSetup;
  backend: BenchBackend;
  api: BenchApi;
  args: BenchArgs;
  log: (message: string) => void;
}

/**
 * Marks a phase's end on the backend: its RSS, then its event-loop delay
 * during the phase (`/api/bench/event-loop`, which starts over) and its
 * heap, uncollected (`/api/bench/heap`), and logs them.
 */
export function phaseMarker(
  options: Pick<MeasureOptions, 'backend' | 'log' | 'api'>,
) {
  return async (phase: string) => {
    const mark = options.backend.markPhase(phase);
    const loop = await options.api
      .get('/api/bench/event-loop', 10_000)
      .catch(() => undefined);
    if (loop) mark.event_loop = loop;
    const heap = await options.api
      .get('/api/bench/heap', 10_000)
      .catch(() => undefined);
    if (heap) mark.heap = heap;
    options.log(
      `  RSS after ${phase}: ${mark.rss_mb} MB (peak so far ${
        mark.peak_mb
      } MB; lazily freed ${mark.lazy_free_mb} MB)${
        heap
          ? `; V8 heap ${heap.heap_used_mb} used of ${heap.heap_total_mb} MB, external ${heap.external_mb} MB`
          : ''
      }${
        loop
          ? `; event-loop delay max ${loop.max_ms} ms, p99 ${loop.p99_ms} ms`
          : ''
      }`,
    );
  };
}

function entityPicker(setup: BenchSetup, seed: number) {
  const names = setup.shape.services.map(s => s.name);
  const random = seededRandom(seed);
  return () => names[Math.floor(random() * names.length)];
}

function loader(api: BenchApi, args: BenchArgs) {
  return (connections: number, next: () => any) =>
    runLoad({
      baseUrl: api.baseUrl,
      headers: api.headers,
      connections,
      durationS: args.durationS,
      timeoutS: 60,
      next,
    });
}

/**
 * The load phases: entity views on both plugins at each concurrency, the
 * fleet query, and the upstream work per view at steady state.
 */
export async function runGitopsMeasures(
  options: MeasureOptions,
): Promise<GitopsMeasures> {
  const { setup, api, args, log } = options;
  const mark = phaseMarker(options);
  const names = setup.shape.services.map(s => s.name);
  const randomName = entityPicker(setup, 3);

  // One answer of each kind, so a broken route fails loudly, not as a fast 4xx.
  const entity = names[0];
  // A backend that computes on read may not answer in time: say so, go on.
  const failed = (what: string) => (error: Error) => {
    log(`  ${what}: ${error.message}`);
    return undefined;
  };
  const one = await api
    .get(entityDeploymentsPath(entity), 120_000)
    .catch(failed('GitOps entity view'));
  const k8s = await api
    .post(KUBERNETES_QUERY_PATH, kubernetesQueryBody(entity), {}, 120_000)
    .catch(failed('Kubernetes plugin query'));
  const kubernetesItems = (k8s?.items ?? []).reduce(
    (n: number, cluster: any) =>
      n +
      (cluster.resources ?? []).reduce(
        (m: number, r: any) => m + (r.resources?.length ?? 0),
        0,
      ),
    0,
  );
  const sanity = {
    entity,
    deployments: one?.deployments?.length ?? 0,
    kubernetesItems,
  };
  log(
    `sanity: ${entity} has ${sanity.deployments} deployments (GitOps), ${kubernetesItems} custom resources (Kubernetes plugin)`,
  );

  log(
    `steady state: ${STEADY_VIEWS} entity views, 10 at a time, counting upstream work`,
  );
  const before = await readCounters(setup, api);
  const batch = Array.from({ length: STEADY_VIEWS }, randomName);
  const views = await boundedViews(batch, 10, BATCH_BUDGET_MS, name =>
    api.get(entityDeploymentsPath(name), BATCH_BUDGET_MS),
  );
  const after = await readCounters(setup, api);
  const steady = {
    ...perView(before, after, Math.max(1, views)),
    kubeRoutes: routesPerView(
      before.gitopsRoutes,
      after.gitopsRoutes,
      Math.max(1, views),
    ),
  };
  await mark('steady-state views');

  const load = loader(api, args);

  const gitopsViews: LoadResult[] = [];
  for (const connections of CONCURRENCIES) {
    log(`GitOps entity views, ${connections} concurrent, ${args.durationS} s`);
    gitopsViews.push(
      await load(connections, () => ({
        method: 'GET',
        path: entityDeploymentsPath(randomName()),
      })),
    );
    await mark(`entity views, ${connections} concurrent`);
  }

  log(`HTTP floor: GET /api/gitops/health, 50 concurrent, ${args.durationS} s`);
  const httpFloor = await load(50, () => ({
    method: 'GET',
    path: '/api/gitops/health',
  }));
  await mark('HTTP floor');

  const fleetPaths: Array<[string, string]> = [
    ['unfiltered, first page', '/api/gitops/deployments?limit=50'],
    ['unfiltered, page 20', '/api/gitops/deployments?limit=50&offset=950'],
    [
      'driftState+owner, first page',
      `/api/gitops/deployments?limit=50&driftState=behind&driftState=out-of-sync&owner=${encodeURIComponent(
        OWNER,
      )}`,
    ],
    [
      'driftState+owner, page 20',
      `/api/gitops/deployments?limit=50&offset=950&driftState=behind&driftState=out-of-sync&owner=${encodeURIComponent(
        OWNER,
      )}`,
    ],
  ];
  const fleet: FleetVariant[] = [];
  for (const [name, path] of fleetPaths) {
    log(`fleet query ${name}`);
    const answer = await api.get(path, 30_000).catch(error => {
      log(`  ${(error as Error).message}`);
      return undefined;
    });
    const result = await load(1, () => ({ method: 'GET', path }));
    fleet.push({ name, path, result, totalItems: answer?.totalItems });
  }
  await mark('fleet queries');

  return { gitopsViews, httpFloor, steady, fleet, sanity };
}

/**
 * The Kubernetes plugin's custom-resource query for the same entities and
 * kinds, at the same concurrencies; then a batch of queries with the
 * cluster proxies' counters read before and after.
 */
export async function runKubernetesMeasures(
  options: MeasureOptions,
): Promise<KubernetesMeasures> {
  const { setup, api, args, log } = options;
  const randomName = entityPicker(setup, 5);
  const load = loader(api, args);
  const kubernetesViews: LoadResult[] = [];
  for (const connections of CONCURRENCIES) {
    log(
      `Kubernetes plugin custom query, ${connections} concurrent, ${args.durationS} s`,
    );
    kubernetesViews.push(
      await load(connections, () => ({
        method: 'POST',
        path: KUBERNETES_QUERY_PATH,
        body: kubernetesQueryBody(randomName()),
      })),
    );
  }
  const counters = async () => (await setup.proxies.counters()).kubernetes;
  const planned = Math.min(STEADY_VIEWS, 50);
  log(
    `Kubernetes plugin: ${planned} queries, 5 at a time, counting upstream requests`,
  );
  const before = await counters();
  const views = await boundedViews(
    Array.from({ length: planned }, randomName),
    5,
    BATCH_BUDGET_MS,
    name =>
      api.post(
        KUBERNETES_QUERY_PATH,
        kubernetesQueryBody(name),
        {},
        BATCH_BUDGET_MS,
      ),
  );
  const after = await counters();
  return {
    kubernetesViews,
    kubernetesRequestsPerView: views
      ? (sumRequests(after) - sumRequests(before)) / views
      : null,
    kubernetesRoutesPerView: routesPerView(
      routeTotals(before),
      routeTotals(after),
      Math.max(1, views),
    ),
  };
}
