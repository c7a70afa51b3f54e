import type { LoggerService } from '@backstage/backend-plugin-api';
import { CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { backoffDelay } from './backoff';
import { describeKubeError, type KubeError } from './kubeErrors';
import type { KubeObject } from './kubeObject';
import type { WatchedKind } from './watchedKinds';

/** What one cluster × kind watcher is doing. */
export type WatcherPhase =
  | 'starting'
  | 'watching'
  | 'backoff'
  | 'absent'
  | 'forbidden'
  | 'stopped';

export interface WatcherStatus {
  phase: WatcherPhase;
  /** Set once the first list completed; the store is then complete. */
  synced: boolean;
  objects: number;
  /** Requests made to the API server so far (list pages and watch opens). */
  requests: number;
  /** ISO time of the last list or watch event (bookmarks included). */
  lastEventAt?: string;
  /** ISO time the watcher last confirmed its state with the server. */
  lastSeenAt?: string;
  lastError?: KubeError & { at: string };
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatcherOptions {
  cluster: string;
  kind: WatchedKind;
  kubeConfig: () => KubeConfig;
  logger: LoggerService;
  onChange: (type: ChangeType, object: KubeObject) => void;
  onStatus?: () => void;
  backoff?: { initialMs: number; maxMs: number };
  /** How often to look again for a kind whose CRD is absent. */
  absentRecheckMs?: number;
  /** Server-side watch timeout; the watch is re-opened from the last RV. */
  watchTimeoutSeconds?: number;
  pageSize?: number;
}

type WatchEnd = 'closed' | 'gone';

function key(object: KubeObject) {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Drops what the index never reads, so memory stays proportional to the
 * number of resources rather than to their edit history.
 */
function slim(object: KubeObject): KubeObject {
  const { managedFields: _m, ...metadata } =
    object.metadata as KubeObject['metadata'] & {
      managedFields?: unknown;
    };
  if (
    metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']
  ) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _l, ...rest } =
      metadata.annotations;
    metadata.annotations = rest;
  }
  return { ...object, metadata };
}

/**
 * One list + watch loop for one kind in one cluster, in the manner of
 * client-go's reflector: list (paged) to get a resourceVersion, watch from
 * it with bookmarks, re-list on `410 Gone`, back off with jitter on errors.
 * A kind whose CRD is absent is logged once and looked for again rarely.
 */
export class ResourceWatcher {
  private readonly store = new Map<string, KubeObject>();
  private resourceVersion?: string;
  private attempt = 0;
  private stopped = false;
  private abort?: AbortController;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly backoff: { initialMs: number; maxMs: number };
  readonly status: WatcherStatus = {
    phase: 'starting',
    synced: false,
    objects: 0,
    requests: 0,
  };

  constructor(private readonly options: WatcherOptions) {
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 60_000 };
  }

  start() {
    this.loop ??= this.run();
  }

  async stop() {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
    this.setPhase('stopped');
  }

  list(): KubeObject[] {
    return [...this.store.values()];
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  private get path() {
    const { group, version, plural } = this.options.kind;
    return `/apis/${group}/${version}/${plural}`;
  }

  private setPhase(phase: WatcherPhase) {
    this.status.phase = phase;
    this.options.onStatus?.();
  }

  private touch(confirmed: boolean) {
    const now = new Date().toISOString();
    this.status.lastEventAt = now;
    if (confirmed) this.status.lastSeenAt = now;
  }

  private sleep(ms: number) {
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run() {
    while (!this.stopped) {
      try {
        await this.relist();
        this.attempt = 0;
        this.status.lastError = undefined;
        this.setPhase('watching');
        while (!this.stopped && (await this.watchOnce()) === 'closed') {
          // A server-side timeout: resume from the last resourceVersion.
        }
      } catch (error) {
        if (this.stopped) break;
        await this.onError(describeKubeError(error));
      }
    }
  }

  private async onError(error: KubeError) {
    const { cluster, kind, logger } = this.options;
    const firstTime = this.status.lastError?.message !== error.message;
    this.status.lastError = { ...error, at: new Date().toISOString() };

    if (error.code === 404) {
      // No CRD for this kind: note it once, look again rarely.
      if (this.status.phase !== 'absent') {
        logger.info(
          `Cluster ${cluster}: ${kind.kind} (${kind.group}/${
            kind.version
          }) is not installed; looking again in ${Math.round(
            (this.options.absentRecheckMs ?? 300_000) / 1000,
          )} s`,
        );
      }
      this.setPhase('absent');
      await this.sleep(this.options.absentRecheckMs ?? 300_000);
      return;
    }
    if (firstTime) {
      logger.warn(
        `Cluster ${cluster}: cannot list/watch ${kind.kind}: ${error.message}`,
      );
    }
    this.setPhase(
      error.code === 401 || error.code === 403 ? 'forbidden' : 'backoff',
    );
    await this.sleep(backoffDelay(this.attempt++, this.backoff));
  }

  private async relist() {
    const api = this.options.kubeConfig().makeApiClient(CustomObjectsApi);
    const { group, version, plural } = this.options.kind;
    const fresh = new Map<string, KubeObject>();
    let token: string | undefined;
    let resourceVersion: string | undefined;
    do {
      this.status.requests += 1;
      const page = await api.listClusterCustomObject({
        group,
        version,
        plural,
        limit: this.options.pageSize ?? 500,
        _continue: token,
      });
      for (const item of (page.items ?? []) as KubeObject[]) {
        fresh.set(key(item), slim(item));
      }
      token = page.metadata?._continue || page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
    } while (token && !this.stopped);

    // Emit the difference, so listeners see deletions missed while away.
    for (const [k, old] of this.store) {
      if (!fresh.has(k)) this.options.onChange('DELETED', old);
    }
    for (const [k, object] of fresh) {
      const old = this.store.get(k);
      if (!old) this.options.onChange('ADDED', object);
      else if (
        old.metadata.resourceVersion !== object.metadata.resourceVersion
      ) {
        this.options.onChange('MODIFIED', object);
      }
    }
    this.store.clear();
    for (const [k, object] of fresh) this.store.set(k, object);
    this.resourceVersion = resourceVersion;
    this.status.objects = this.store.size;
    this.status.synced = true;
    this.touch(true);
  }

  private watchOnce(): Promise<WatchEnd> {
    const timeout =
      this.options.watchTimeoutSeconds ?? 240 + Math.floor(Math.random() * 60);
    return new Promise<WatchEnd>((resolve, reject) => {
      let gone = false;
      let idle: NodeJS.Timeout | undefined;
      const armIdle = () => {
        clearTimeout(idle);
        // A silent connection longer than the server timeout is a dead one.
        idle = setTimeout(() => this.abort?.abort(), (timeout + 60) * 1000);
      };
      const finish = (error: unknown) => {
        clearTimeout(idle);
        if (gone) resolve('gone');
        else if (
          error &&
          !this.stopped &&
          (error as Error).name !== 'AbortError'
        ) {
          reject(error);
        } else resolve('closed');
      };
      armIdle();
      this.status.requests += 1;
      new Watch(this.options.kubeConfig())
        .watch(
          this.path,
          {
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: timeout,
          },
          (type: string, object: any) => {
            armIdle();
            if (type === 'ERROR') {
              if (object?.code === 410) {
                gone = true;
                this.abort?.abort();
              } else {
                finish(
                  Object.assign(new Error(object?.message ?? 'watch error'), {
                    statusCode: object?.code,
                  }),
                );
                this.abort?.abort();
              }
              return;
            }
            const rv = object?.metadata?.resourceVersion;
            if (rv) this.resourceVersion = rv;
            this.touch(true);
            if (type === 'BOOKMARK') return;
            const slimmed = slim(object as KubeObject);
            if (type === 'DELETED') this.store.delete(key(slimmed));
            else this.store.set(key(slimmed), slimmed);
            this.status.objects = this.store.size;
            this.options.onChange(type as ChangeType, slimmed);
          },
          finish,
        )
        .then(controller => {
          this.abort = controller;
          if (this.stopped) controller.abort();
        }, reject);
    });
  }
}
