import type { BenchApi } from '../load/api';

/** The backend's live heap after a collection, with the view counters then. */
export interface MemoryPoint {
  heap_used_mb: number;
  /** The heap V8 holds (used or not) after the collection. */
  heap_total_mb: number;
  external_mb: number;
  rss_mb: number;
  /** V8's heap limit (older bench backends: undefined). */
  heap_limit_mb?: number;
  /** Garbage collection so far: seconds (pauses, main thread) and count. */
  gc_s?: number;
  gc_count?: number;
  /** `GET /api/gitops/clusters` → views, when the backend has them. */
  views?: {
    entities: number;
    built: number;
    deployments: number;
    /** Deployment views built (older backends: undefined). */
    deploymentsBuilt?: number;
  };
}

/** Reads the live heap (`GET /api/bench/memory`) and the view counters. */
export async function memoryPoint(api: BenchApi): Promise<MemoryPoint> {
  const memory = await api.get('/api/bench/memory', 60_000);
  const clusters = await api.get('/api/gitops/clusters', 60_000);
  return {
    heap_used_mb: memory.heap_used_mb,
    heap_total_mb: memory.heap_total_mb,
    external_mb: memory.external_mb,
    rss_mb: memory.rss_mb,
    heap_limit_mb: memory.heap_limit_mb,
    gc_s: memory.gc_s,
    gc_count: memory.gc_count,
    views: clusters.views && {
      entities: clusters.views.entities,
      built: clusters.views.built,
      deployments: clusters.views.deployments,
      deploymentsBuilt: clusters.views.deploymentsBuilt,
    },
  };
}

const kb = (mb: number, count: number) =>
  count > 0 ? Math.round(((mb * 1048576) / count / 1024) * 10) / 10 : null;

/**
 * Bytes per CR and per view from three live-heap points of a cold start:
 * when the backend first answered (no GitOps state yet), when every
 * cluster's first list was complete (the CRs indexed, few views built) and
 * when every view was built. Per CR is the heap the lists added; per view
 * what the builds added after that (the deployment, its entity's answer and
 * fleet row, and the commit index, which only builds fill) over the
 * deployments built in between. Both include whatever else the backend
 * allocated and kept meanwhile, so they are upper bounds.
 */
export function bytesPerObject(
  answering: MemoryPoint,
  synced: MemoryPoint,
  built: MemoryPoint,
  crs: number,
) {
  const listed = synced.heap_used_mb - answering.heap_used_mb;
  const builtOf = (point: MemoryPoint) =>
    point.views?.deploymentsBuilt ?? point.views?.deployments ?? 0;
  const builtViews = builtOf(built) - builtOf(synced);
  const views = built.heap_used_mb - synced.heap_used_mb;
  return {
    live_heap_mb: {
      answering: answering.heap_used_mb,
      clusters_synced: synced.heap_used_mb,
      views_built: built.heap_used_mb,
    },
    // What V8 and the process hold besides: heap not given back, native.
    heap_total_mb: built.heap_total_mb,
    external_mb: built.external_mb,
    rss_mb: built.rss_mb,
    heap_limit_mb: built.heap_limit_mb,
    // GC from the start until every view was built.
    gc_s: built.gc_s,
    gc_count: built.gc_count,
    views_built_when_synced: builtOf(synced),
    kb_per_cr: kb(listed, crs),
    kb_per_view: kb(views, builtViews),
    gitops_state_mb:
      Math.round((built.heap_used_mb - answering.heap_used_mb) * 10) / 10,
    kb_per_cr_all_in: kb(built.heap_used_mb - answering.heap_used_mb, crs),
  };
}
