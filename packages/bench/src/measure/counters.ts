import type { BenchApi } from '../load/api';
import type { BenchSetup } from '../infra/setup';
import type { ProxyCounterData } from '../infra/proxyProcess';

/** Everything that counts upstream work, read at one moment. */
export interface CounterSnapshot {
  /** Requests through the GitOps plugin's cluster proxies. */
  gitopsKube: number;
  /** Requests through the Kubernetes plugin's cluster proxies. */
  kubernetesKube: number;
  /** The GitOps backend's own per-cluster `requests`, summed. */
  gitopsReportedKube: number | null;
  /** git processes the backend spawned (PATH shim). */
  gitProcesses: number;
  gitBySubcommand: Record<string, number>;
  /** The backend's own Git counters, where it reports them. */
  gitReported: { processes?: number; requests?: number } | null;
  /** Requests the GitHub facade answered, but for the CI-status poll's. */
  githubRequests: number;
  /**
   * The CI-status poll's requests (combined status, check runs): on a
   * schedule of their own, whether pages are viewed or not.
   */
  githubCiRequests: number;
  /** GitOps proxy requests by route. */
  gitopsRoutes: Map<string, number>;
}

export const sumRequests = (proxies: ProxyCounterData[]) =>
  proxies.reduce((n, p) => n + p.requests, 0);

export async function readCounters(
  setup: BenchSetup,
  api: BenchApi,
): Promise<CounterSnapshot> {
  let gitopsReportedKube: number | null = null;
  let gitReported: CounterSnapshot['gitReported'] = null;
  try {
    const clusters = await api.get('/api/gitops/clusters', 30_000);
    gitopsReportedKube = clusters.clusters.reduce(
      (n: number, c: any) => n + (c.requests ?? 0),
      0,
    );
    gitReported = clusters.git ?? null;
    const health = await api.get('/api/gitops/health', 30_000);
    gitReported = health.git ?? gitReported;
  } catch {
    // counters from outside the backend still count
  }
  const git = setup.gitShim.count();
  const proxies = await setup.proxies.counters();
  return {
    gitopsKube: sumRequests(proxies.gitops),
    kubernetesKube: sumRequests(proxies.kubernetes),
    gitopsRoutes: routeTotals(proxies.gitops),
    gitopsReportedKube,
    gitProcesses: git.total,
    gitBySubcommand: git.bySubcommand,
    gitReported,
    githubRequests: setup.facade.served.length - ciRequests(setup.facade),
    githubCiRequests: ciRequests(setup.facade),
  };
}

/** after − before, per counter, divided by `views`. */
export function perView(
  before: CounterSnapshot,
  after: CounterSnapshot,
  views: number,
) {
  const per = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined
      ? null
      : (a - b) / views;
  const bySub: Record<string, number> = {};
  for (const [sub, n] of Object.entries(after.gitBySubcommand)) {
    const delta = n - (before.gitBySubcommand[sub] ?? 0);
    if (delta) bySub[sub] = delta / views;
  }
  return {
    views,
    gitopsKube: per(after.gitopsKube, before.gitopsKube),
    kubernetesKube: per(after.kubernetesKube, before.kubernetesKube),
    gitopsReportedKube: per(
      after.gitopsReportedKube,
      before.gitopsReportedKube,
    ),
    gitProcesses: per(after.gitProcesses, before.gitProcesses),
    gitBySubcommand: bySub,
    gitReportedProcesses: per(
      after.gitReported?.processes,
      before.gitReported?.processes,
    ),
    gitReportedRequests: per(
      after.gitReported?.requests,
      before.gitReported?.requests,
    ),
    githubRequests: per(after.githubRequests, before.githubRequests),
    githubCiRequests: per(after.githubCiRequests, before.githubCiRequests),
  };
}

const CI_ROUTES = new Set([
  '/repos/{owner}/{repo}/commits/{ref}/status',
  '/repos/{owner}/{repo}/commits/{ref}/check-runs',
]);

function ciRequests(facade: { served: Array<{ template?: string }> }) {
  return facade.served.filter(r => CI_ROUTES.has(r.template ?? '')).length;
}

/** Requests by route over all `proxies` (summed over clusters). */
export function routeTotals(proxies: ProxyCounterData[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const proxy of proxies) {
    for (const [route, n] of Object.entries(proxy.byRoute)) {
      totals.set(route, (totals.get(route) ?? 0) + n);
    }
  }
  return totals;
}

/** Per-view requests by route between two totals, largest first. */
export function routesPerView(
  before: Map<string, number>,
  after: Map<string, number>,
  views: number,
): Record<string, number> {
  const out: Array<[string, number]> = [];
  for (const [route, n] of after) {
    const delta = n - (before.get(route) ?? 0);
    if (delta > 0) out.push([route, Number((delta / views).toFixed(2))]);
  }
  return Object.fromEntries(out.sort((a, b) => b[1] - a[1]));
}
