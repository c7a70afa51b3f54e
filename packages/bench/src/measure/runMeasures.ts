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
import { perView, readCounters, routesPerView, routeTotals } from './counters';

export const CONCURRENCIES = [1, 10, 50];
const STEADY_VIEWS = 200;

export interface FleetVariant {
  name: string;
  path: string;
  result: LoadResult;
  totalItems?: number;
}

export interface GitopsMeasures {
  gitopsViews: LoadResult[];
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
  const names = setup.shape.services.map(s => s.name);
  const randomName = entityPicker(setup, 3);

  // One answer of each kind, so a broken route fails loudly, not as a fast 4xx.
  const entity = names[0];
  const one = await api.get(entityDeploymentsPath(entity), 120_000);
  const k8s = await api.post(
    KUBERNETES_QUERY_PATH,
    kubernetesQueryBody(entity),
    {},
    120_000,
  );
  const kubernetesItems = (k8s.items ?? []).reduce(
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
    deployments: one.deployments?.length ?? 0,
    kubernetesItems,
  };
  log(
    `sanity: ${entity} has ${sanity.deployments} deployments (GitOps), ${kubernetesItems} custom resources (Kubernetes plugin)`,
  );

  log(
    `steady state: ${STEADY_VIEWS} entity views, 10 at a time, counting upstream work`,
  );
  const before = await readCounters(setup, api);
  const routesBefore = routeTotals(setup.gitopsProxies);
  const batch = Array.from({ length: STEADY_VIEWS }, randomName);
  await forEachBounded(batch, 10, async name => {
    await api.get(entityDeploymentsPath(name), 120_000);
  });
  const after = await readCounters(setup, api);
  const steady = {
    ...perView(before, after, STEADY_VIEWS),
    kubeRoutes: routesPerView(
      routesBefore,
      routeTotals(setup.gitopsProxies),
      STEADY_VIEWS,
    ),
  };

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
  }

  const fleetPaths: Array<[string, string]> = [
    ['unfiltered, first page', '/api/gitops/deployments?limit=50'],
    ['unfiltered, page 20', '/api/gitops/deployments?limit=50&offset=950'],
    [
      'driftState+owner, first page',
      '/api/gitops/deployments?limit=50&driftState=behind&driftState=out-of-sync&owner=group:default/payments',
    ],
    [
      'driftState+owner, page 20',
      '/api/gitops/deployments?limit=50&offset=950&driftState=behind&driftState=out-of-sync&owner=group:default/payments',
    ],
  ];
  const fleet: FleetVariant[] = [];
  for (const [name, path] of fleetPaths) {
    log(`fleet query ${name}`);
    const answer = await api.get(path, 120_000).catch(error => {
      log(`  ${(error as Error).message}`);
      return undefined;
    });
    const result = await load(1, () => ({ method: 'GET', path }));
    fleet.push({ name, path, result, totalItems: answer?.totalItems });
  }

  return { gitopsViews, steady, fleet, sanity };
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
  const count = () =>
    setup.kubernetesProxies.reduce((n, p) => n + p.counters.requests, 0);
  const views = Math.min(STEADY_VIEWS, 50);
  log(
    `Kubernetes plugin: ${views} queries, 5 at a time, counting upstream requests`,
  );
  const before = count();
  const routesBefore = routeTotals(setup.kubernetesProxies);
  await forEachBounded(
    Array.from({ length: views }, randomName),
    5,
    async name => {
      await api.post(
        KUBERNETES_QUERY_PATH,
        kubernetesQueryBody(name),
        {},
        120_000,
      );
    },
  );
  return {
    kubernetesViews,
    kubernetesRequestsPerView: (count() - before) / views,
    kubernetesRoutesPerView: routesPerView(
      routesBefore,
      routeTotals(setup.kubernetesProxies),
      views,
    ),
  };
}
