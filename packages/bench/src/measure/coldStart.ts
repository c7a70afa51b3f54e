import type { BenchApi } from '../load/api';

export interface ColdStart {
  /** Seconds from spawning the backend until every view is built; null on timeout. */
  seconds: number | null;
  /** How "built" was decided. */
  signal: 'clusters.views' | 'fleet totalItems';
  /** What the last poll saw, e.g. "12000/12000". */
  last: string;
  /** Seconds until the catalog served every entity. */
  catalogS: number | null;
  /** Seconds until every cluster reported its first list complete. */
  clustersSyncedS: number | null;
}

/** Whether the backend's own view counters say that everything is built. */
function viewsBuilt(views: any, entities: number, deployments: number) {
  return (
    views.entities >= entities &&
    views.built >= views.entities &&
    views.pending === 0 &&
    views.deployments >= deployments
  );
}

/**
 * Polls until every view is built. Where `GET /api/gitops/clusters` reports
 * `views` (the serving model), until every cluster is synced and every
 * entity's view is built with all its deployments and nothing queued;
 * otherwise until the fleet query counts every seeded deployment.
 */
export async function measureColdStart(options: {
  api: BenchApi;
  startedAt: number;
  expectedDeployments: number;
  expectedEntities: number;
  timeoutMs: number;
  onPoll?: (last: string) => void;
  /** Called once, when every cluster's first list is first seen complete. */
  onClustersSynced?: () => Promise<void>;
}): Promise<ColdStart> {
  const { api } = options;
  const deadline = options.startedAt + options.timeoutMs;
  let signal: ColdStart['signal'] = 'fleet totalItems';
  let last = 'no answer';
  let catalogS: number | null = null;
  let clustersSyncedS: number | null = null;
  const since = () => (Date.now() - options.startedAt) / 1000;
  while (Date.now() < deadline) {
    const remaining = Math.max(1000, deadline - Date.now());
    try {
      if (catalogS === null) {
        const page = await api.get(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
          remaining,
        );
        if (page.totalItems >= options.expectedEntities) catalogS = since();
      }
      const clusters = await api.get('/api/gitops/clusters', remaining);
      const synced =
        clusters.clusters.length > 0 &&
        clusters.clusters.every((c: any) => c.synced);
      if (synced && clustersSyncedS === null) {
        clustersSyncedS = since();
        await options.onClustersSynced?.();
      }
      let built: boolean;
      if (clusters.views) {
        signal = 'clusters.views';
        const v = clusters.views;
        last = `entities ${v.built}/${v.entities}, deployments ${v.deployments}/${options.expectedDeployments}, pending ${v.pending}`;
        built =
          synced &&
          viewsBuilt(v, options.expectedEntities, options.expectedDeployments);
      } else {
        const fleet = await api.get(
          '/api/gitops/deployments?limit=1',
          remaining,
        );
        last = `${fleet.totalItems}/${options.expectedDeployments}`;
        built = fleet.totalItems >= options.expectedDeployments;
      }
      if (built) {
        return { seconds: since(), signal, last, catalogS, clustersSyncedS };
      }
    } catch (error) {
      last = String((error as Error).message).slice(0, 120);
    }
    options.onPoll?.(last);
    await new Promise(r => setTimeout(r, 250));
  }
  return { seconds: null, signal, last, catalogS, clustersSyncedS };
}
