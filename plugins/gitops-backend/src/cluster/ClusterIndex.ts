import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { ClusterLiveness } from './ClusterLiveness';
import { kubeConfigFor } from './kubeConfigFor';
import { KubeHttp } from './kubeHttp';
import type { KubeObject } from './kubeObject';
import { projectionFor } from './projectResource';
import {
  ResourceWatcher,
  WATCH_DEFAULTS,
  requestTimeoutMsFor,
  type ChangeType,
  type WatcherOptions,
  type WatcherPhase,
  type WatcherStatus,
} from './ResourceWatcher';
import {
  WATCHED_KINDS,
  type WatchedKind,
  type WatchedKindId,
} from './watchedKinds';

/** A change seen in a cluster. */
export interface ClusterChange {
  cluster: string;
  kind: WatchedKindId;
  type: ChangeType;
  namespace: string;
  name: string;
}

/** Per-cluster health of the watches, as `/clusters` reports it. */
export interface ClusterStatus {
  name: string;
  environment?: string;
  /** False while no watch of the cluster can reach it, or it hangs. */
  reachable: boolean;
  /** True once every kind's first list has had an outcome. */
  synced: boolean;
  /** Per kind; with `namespaces`, the least healthy of its namespaces. */
  kinds: Record<string, WatcherStatus['phase']>;
  /** The namespaces read, when `gitops.clusters[].namespaces` limits them. */
  namespaces?: string[];
  /** Requests the watches made to the API server; page views add none. */
  requests: number;
  /** HTTP status of the last refusal (401/403), when forbidden. */
  errorCode?: number;
  lastError?: { message: string; at: string };
  lastEventAt?: string;
  lastSeenAt?: string;
}

/** A watched object with the cluster it came from. */
export interface IndexedObject {
  cluster: string;
  kind: WatchedKindId;
  object: KubeObject;
}

interface ClusterEntry {
  config: GitOpsClusterConfig;
  /** Every watcher of the cluster: one per kind, or per kind × namespace. */
  watchers: Array<{ kind: WatchedKindId; watcher: ResourceWatcher }>;
  /** By `kind/namespace`, or `kind/*` for a cluster-wide watcher. */
  byKey: Map<string, ResourceWatcher>;
  liveness: ClusterLiveness;
  /** What listeners last heard of the status, to emit only changes. */
  emitted?: string;
}

export interface ClusterIndexOptions {
  clusters: GitOpsClusterConfig[];
  logger: LoggerService;
  kinds?: readonly WatchedKind[];
  /**
   * Keep whole objects rather than the fields the builders read; for
   * measurements and the projection test only.
   */
  keepWholeObjects?: boolean;
  /** Overrides for tests; a cluster's own `watchTimeoutSeconds` wins. */
  watcher?: Pick<
    WatcherOptions,
    | 'backoff'
    | 'absentRecheckMs'
    | 'watchTimeoutSeconds'
    | 'requestTimeoutMs'
    | 'pageSize'
  >;
}

function latest(a?: string, b?: string) {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** When namespaces disagree, the phase that says most about trouble. */
const PHASE_WEIGHT: WatcherPhase[] = [
  'backoff',
  'forbidden',
  'starting',
  'watching',
  'absent',
  'stopped',
];

function worst(a: WatcherPhase | undefined, b: WatcherPhase): WatcherPhase {
  if (!a) return b;
  return PHASE_WEIGHT.indexOf(a) <= PHASE_WEIGHT.indexOf(b) ? a : b;
}

/**
 * The in-memory view of every watched cluster: one ResourceWatcher per
 * cluster × kind (× namespace when the cluster lists its namespaces). Page
 * views read from here and cost no Kubernetes calls. A liveness check per
 * cluster turns a silent, unanswering API server into `reachable: false`
 * within the cluster's `watchTimeoutSeconds` (docs/clusters.md).
 */
export class ClusterIndex {
  private readonly clusters = new Map<string, ClusterEntry>();
  private readonly listeners = new Set<(change: ClusterChange) => void>();
  private readonly statusListeners = new Set<(cluster: string) => void>();

  constructor(private readonly options: ClusterIndexOptions) {
    for (const config of options.clusters) {
      this.clusters.set(config.name, this.makeEntry(config));
    }
  }

  private makeEntry(config: GitOpsClusterConfig): ClusterEntry {
    const { logger } = this.options;
    const watchTimeoutSeconds =
      config.watchTimeoutSeconds ??
      this.options.watcher?.watchTimeoutSeconds ??
      WATCH_DEFAULTS.watchTimeoutSeconds;
    const requestTimeoutMs =
      this.options.watcher?.requestTimeoutMs ??
      requestTimeoutMsFor(watchTimeoutSeconds);
    const http = new KubeHttp(() => kubeConfigFor(config));
    const watchers: ClusterEntry['watchers'] = [];
    const byKey = new Map<string, ResourceWatcher>();
    const liveness = new ClusterLiveness({
      cluster: config.name,
      http,
      watchTimeoutSeconds,
      requestTimeoutMs,
      logger,
      lastHeardMs: () =>
        Math.max(0, ...watchers.map(w => w.watcher.status.lastHeardMs ?? 0)),
      watching: () =>
        watchers.map(w => w.watcher).filter(w => w.status.phase === 'watching'),
    });
    const namespaces = config.namespaces?.length
      ? config.namespaces
      : [undefined];
    for (const kind of this.options.kinds ?? WATCHED_KINDS) {
      for (const namespace of namespaces) {
        const watcher = new ResourceWatcher({
          ...this.options.watcher,
          cluster: config.name,
          kind,
          namespace,
          http,
          probe: () => liveness.probe(),
          logger,
          watchTimeoutSeconds,
          requestTimeoutMs,
          project: this.options.keepWholeObjects
            ? undefined
            : projectionFor(kind),
          onChange: (type, object) =>
            this.emit({
              cluster: config.name,
              kind: kind.id,
              type,
              namespace: object.metadata.namespace ?? '',
              name: object.metadata.name,
            }),
          onStatus: () => this.statusMaybeChanged(config.name),
        });
        watchers.push({ kind: kind.id, watcher });
        byKey.set(`${kind.id}/${namespace ?? '*'}`, watcher);
      }
    }
    return { config, watchers, byKey, liveness };
  }

  start() {
    for (const { watchers, liveness } of this.clusters.values()) {
      for (const { watcher } of watchers) watcher.start();
      liveness.start();
    }
  }

  async stop() {
    await Promise.all(
      [...this.clusters.values()].flatMap(({ watchers, liveness }) => [
        liveness.stop(),
        ...watchers.map(w => w.watcher.stop()),
      ]),
    );
  }

  /** Subscribes to resource changes; returns the unsubscribe function. */
  onChange(listener: (change: ClusterChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Subscribes to changes of a cluster's status: reachable, synced,
   * errorCode or the error's message. Called at once when a watcher's state
   * changes (a hang is found within the cluster's bound), not at the next
   * request. Returns the unsubscribe function.
   */
  onStatusChange(listener: (cluster: string) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private emit(change: ClusterChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger.warn(`GitOps change listener failed: ${error}`);
      }
    }
  }

  private statusMaybeChanged(name: string) {
    const entry = this.clusters.get(name);
    const status = this.status(name);
    if (!entry || !status) return;
    const summary = JSON.stringify([
      status.reachable,
      status.synced,
      status.errorCode,
      status.lastError?.message,
    ]);
    if (summary === entry.emitted) return;
    entry.emitted = summary;
    for (const listener of this.statusListeners) {
      try {
        listener(name);
      } catch (error) {
        this.options.logger.warn(
          `GitOps cluster status listener failed: ${error}`,
        );
      }
    }
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  clusterConfig(name: string): GitOpsClusterConfig | undefined {
    return this.clusters.get(name)?.config;
  }

  /** Objects of one kind across all clusters, or in one cluster. */
  objects(kind: WatchedKindId, cluster?: string): IndexedObject[] {
    const result: IndexedObject[] = [];
    for (const [name, entry] of this.clusters) {
      if (cluster && cluster !== name) continue;
      for (const w of entry.watchers) {
        if (w.kind !== kind) continue;
        for (const object of w.watcher.list()) {
          result.push({ cluster: name, kind, object });
        }
      }
    }
    return result;
  }

  get(
    cluster: string,
    kind: WatchedKindId,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const byKey = this.clusters.get(cluster)?.byKey;
    const watcher =
      byKey?.get(`${kind}/*`) ?? byKey?.get(`${kind}/${namespace}`);
    return watcher?.get(namespace, name);
  }

  status(name: string): ClusterStatus | undefined {
    const entry = this.clusters.get(name);
    if (!entry) return undefined;
    const kinds: Record<string, WatcherPhase> = {};
    let lastEventAt: string | undefined;
    let lastSeenAt: string | undefined;
    let lastError: ClusterStatus['lastError'];
    let errorCode: number | undefined;
    let connectionFailures = 0;
    let requests = entry.liveness.requests;
    for (const { kind, watcher } of entry.watchers) {
      const s = watcher.status;
      requests += s.requests;
      kinds[kind] = worst(kinds[kind], s.phase);
      lastEventAt = latest(lastEventAt, s.lastEventAt);
      lastSeenAt = latest(lastSeenAt, s.lastSeenAt);
      if (s.lastError && s.phase !== 'absent' && s.phase !== 'watching') {
        if (!lastError || s.lastError.at > lastError.at) {
          lastError = { message: s.lastError.message, at: s.lastError.at };
          errorCode = s.lastError.code;
        }
        if (s.lastError.code === undefined || s.lastError.code >= 500) {
          connectionFailures += 1;
        }
      }
    }
    const answered = (s: WatcherStatus) =>
      Boolean(s.lastSeenAt) || s.phase === 'absent' || s.phase === 'forbidden';
    const statuses = entry.watchers.map(w => w.watcher.status);
    return {
      name,
      environment: entry.config.environment,
      reachable: connectionFailures === 0 && statuses.some(answered),
      // Every watcher has had an outcome: listed, refused, absent or failed.
      synced: statuses.every(s => s.phase !== 'starting'),
      kinds,
      ...(entry.config.namespaces?.length && {
        namespaces: [...entry.config.namespaces],
      }),
      requests,
      ...(errorCode !== undefined && { errorCode }),
      ...(lastError && { lastError }),
      ...(lastEventAt && { lastEventAt }),
      ...(lastSeenAt && { lastSeenAt }),
    };
  }

  statuses(): ClusterStatus[] {
    return this.clusterNames().map(name => this.status(name)!);
  }

  /** Resolves once every watcher has listed, been refused or found its kind absent. */
  async waitUntilSynced(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.statuses().every(s => s.synced)) return;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(
      `clusters not synced after ${timeoutMs} ms: ${JSON.stringify(
        this.statuses().map(s => ({
          name: s.name,
          kinds: s.kinds,
          error: s.lastError?.message,
        })),
      )}`,
    );
  }
}
