import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { kubeConfigFor } from './kubeConfigFor';
import type { KubeObject } from './kubeObject';
import {
  ResourceWatcher,
  type ChangeType,
  type WatcherOptions,
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
  /** False while no watch of the cluster can reach it. */
  reachable: boolean;
  /** True once every kind's first list has had an outcome. */
  synced: boolean;
  kinds: Record<string, WatcherStatus['phase']>;
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
  watchers: Map<WatchedKindId, ResourceWatcher>;
}

export interface ClusterIndexOptions {
  clusters: GitOpsClusterConfig[];
  logger: LoggerService;
  kinds?: readonly WatchedKind[];
  watcher?: Pick<
    WatcherOptions,
    'backoff' | 'absentRecheckMs' | 'watchTimeoutSeconds' | 'pageSize'
  >;
}

function latest(a?: string, b?: string) {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * The in-memory view of every watched cluster: one ResourceWatcher per
 * cluster × kind. Page views read from here and cost no Kubernetes calls.
 */
export class ClusterIndex {
  private readonly clusters = new Map<string, ClusterEntry>();
  private readonly listeners = new Set<(change: ClusterChange) => void>();

  constructor(private readonly options: ClusterIndexOptions) {
    for (const config of options.clusters) {
      const watchers = new Map<WatchedKindId, ResourceWatcher>();
      for (const kind of options.kinds ?? WATCHED_KINDS) {
        watchers.set(
          kind.id,
          new ResourceWatcher({
            cluster: config.name,
            kind,
            kubeConfig: () => kubeConfigFor(config),
            logger: options.logger,
            onChange: (type, object) =>
              this.emit({
                cluster: config.name,
                kind: kind.id,
                type,
                namespace: object.metadata.namespace ?? '',
                name: object.metadata.name,
              }),
            ...options.watcher,
          }),
        );
      }
      this.clusters.set(config.name, { config, watchers });
    }
  }

  start() {
    for (const { watchers } of this.clusters.values()) {
      for (const watcher of watchers.values()) watcher.start();
    }
  }

  async stop() {
    await Promise.all(
      [...this.clusters.values()].flatMap(({ watchers }) =>
        [...watchers.values()].map(w => w.stop()),
      ),
    );
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: (change: ClusterChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      const watcher = entry.watchers.get(kind);
      for (const object of watcher?.list() ?? []) {
        result.push({ cluster: name, kind, object });
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
    return this.clusters.get(cluster)?.watchers.get(kind)?.get(namespace, name);
  }

  status(name: string): ClusterStatus | undefined {
    const entry = this.clusters.get(name);
    if (!entry) return undefined;
    const statuses = [...entry.watchers.entries()];
    const kinds: Record<string, WatcherStatus['phase']> = {};
    let lastEventAt: string | undefined;
    let lastSeenAt: string | undefined;
    let lastError: ClusterStatus['lastError'];
    let errorCode: number | undefined;
    let connectionFailures = 0;
    let requests = 0;
    for (const [id, watcher] of statuses) {
      const s = watcher.status;
      requests += s.requests;
      kinds[id] = s.phase;
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
    return {
      name,
      environment: entry.config.environment,
      reachable:
        connectionFailures === 0 &&
        statuses.some(([, w]) => answered(w.status)),
      // Every watcher has had an outcome: listed, refused, absent or failed.
      synced: statuses.every(([, w]) => w.status.phase !== 'starting'),
      kinds,
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
