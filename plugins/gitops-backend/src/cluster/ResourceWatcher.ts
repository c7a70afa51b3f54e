import type { LoggerService } from '@backstage/backend-plugin-api';
import { backoffDelay } from './backoff';
import { describeKubeError, type KubeError } from './kubeErrors';
import {
  KubeStatusError,
  KubeTimeoutError,
  type KubeHttp,
  type WatchStream,
} from './kubeHttp';
import type { KubeObject } from './kubeObject';
import type { WatchedKind } from './watchedKinds';

/** What one cluster × kind (× namespace) watcher is doing. */
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
  /** Epoch ms the server last said anything to this watcher. */
  lastHeardMs?: number;
  lastError?: KubeError & { at: string };
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Defaults; docs/clusters.md explains each bound. */
export const WATCH_DEFAULTS = {
  watchTimeoutSeconds: 60,
  backoff: { initialMs: 500, maxMs: 5000 },
  absentRecheckMs: 300_000,
  pageSize: 500,
} as const;

/**
 * A list page is projected in slices of this many objects, with a turn of
 * the event loop between them: a page of 500 realistic Applications took
 * 100–180 ms in one task on a cold start.
 */
const PROJECTED_PER_TURN = 100;

/** Per-request deadline: half the hung bound, within 2–30 s. */
export function requestTimeoutMsFor(watchTimeoutSeconds: number): number {
  return Math.min(30_000, Math.max(2000, (watchTimeoutSeconds * 1000) / 2));
}

export interface WatcherOptions {
  cluster: string;
  kind: WatchedKind;
  /** Lists and watches only this namespace; all namespaces when absent. */
  namespace?: string;
  http: KubeHttp;
  /**
   * A cheap request proving the server answers (GET /version), made before
   * each retry so a full re-list is only sent to a server that answers.
   */
  probe: () => Promise<void>;
  logger: LoggerService;
  onChange: (type: ChangeType, object: KubeObject) => void;
  onStatus?: () => void;
  /** What the index keeps of each object; the whole object by default. */
  project?: (object: KubeObject) => KubeObject;
  backoff?: { initialMs: number; maxMs: number };
  /** How often to look again for a kind whose CRD is absent. */
  absentRecheckMs?: number;
  /**
   * The hung bound, in seconds: a watch silent for longer than it (plus a
   * request deadline) is re-opened from its last version.
   */
  watchTimeoutSeconds?: number;
  /** Deadline of each list page, probe and watch open. */
  requestTimeoutMs?: number;
  pageSize?: number;
}

interface KubeList {
  items?: KubeObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

type WatchEnd = 'closed' | 'gone';

function key(object: KubeObject) {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * One list + watch loop for one kind in one cluster (or one namespace of
 * it), in the manner of client-go's reflector: list (paged) to get a
 * resourceVersion, watch from it with bookmarks, re-list on `410 Gone`,
 * back off with jitter on errors, probing the server before each retry.
 * Every request has a deadline, so a hung server shows as an error rather
 * than as a watch that is merely quiet. A kind whose CRD is absent is
 * logged once and looked for again rarely.
 */
export class ResourceWatcher {
  private readonly store = new Map<string, KubeObject>();
  private resourceVersion?: string;
  private attempt = 0;
  private notFoundInARow = 0;
  private readonly stopping = new AbortController();
  private stopped = false;
  private stream?: WatchStream;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly watchTimeoutSeconds: number;
  private readonly requestTimeoutMs: number;
  readonly status: WatcherStatus = {
    phase: 'starting',
    synced: false,
    objects: 0,
    requests: 0,
  };

  constructor(private readonly options: WatcherOptions) {
    this.backoff = options.backoff ?? WATCH_DEFAULTS.backoff;
    this.watchTimeoutSeconds =
      options.watchTimeoutSeconds ?? WATCH_DEFAULTS.watchTimeoutSeconds;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? requestTimeoutMsFor(this.watchTimeoutSeconds);
  }

  start() {
    this.loop ??= this.run();
  }

  async stop() {
    this.stopped = true;
    // Ends a list page or a probe in flight, which may wait on a hung server.
    this.stopping.abort();
    this.stream?.abort();
    this.wake?.();
    await this.loop;
    this.setPhase('stopped');
  }

  /**
   * Ends the open watch with `error`, as when the cluster was found hung:
   * the watcher reports the error, backs off, probes and lists again. The
   * objects it holds are kept meanwhile.
   */
  interrupt(error: Error) {
    if (this.status.phase === 'watching') this.stream?.abort(error);
  }

  list(): KubeObject[] {
    return [...this.store.values()];
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  private get path() {
    const { group, version, plural } = this.options.kind;
    const { namespace } = this.options;
    return namespace
      ? `/apis/${group}/${version}/namespaces/${encodeURIComponent(
          namespace,
        )}/${plural}`
      : `/apis/${group}/${version}/${plural}`;
  }

  private get what() {
    const { cluster, kind, namespace } = this.options;
    return `Cluster ${cluster}: ${kind.kind}${
      namespace ? ` in namespace ${namespace}` : ''
    }`;
  }

  private setPhase(phase: WatcherPhase) {
    this.status.phase = phase;
    this.options.onStatus?.();
  }

  private heard() {
    const now = Date.now();
    this.status.lastHeardMs = now;
    const iso = new Date(now).toISOString();
    this.status.lastEventAt = iso;
    this.status.lastSeenAt = iso;
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

  /** The promise, or a rejection as soon as the watcher is stopped. */
  private untilStopped<T>(promise: Promise<T>): Promise<T> {
    const { signal } = this.stopping;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Error('stopped'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      promise
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async run() {
    while (!this.stopped) {
      try {
        if (this.attempt > 0) await this.untilStopped(this.options.probe());
        await this.relist();
        this.attempt = 0;
        this.notFoundInARow = 0;
        const recovered = this.status.lastError !== undefined;
        this.status.lastError = undefined;
        if (recovered) {
          this.options.logger.info(`${this.what}: listed again, watching`);
        }
        this.setPhase('watching');
        while (!this.stopped && (await this.watchOnce()) === 'closed') {
          // The server ended a quiet watch: resume from the last version.
        }
        if (!this.stopped) {
          // 410 Gone: the version is compacted away; list again at once.
          this.options.logger.debug(
            `${this.what}: watch expired (410 Gone); listing again`,
          );
        }
      } catch (error) {
        if (this.stopped) break;
        await this.onError(describeKubeError(error));
      }
    }
  }

  private async onError(error: KubeError) {
    const { kind, logger } = this.options;
    const previous = this.status.lastError;
    // A hung server keeps failing with timeouts: keep the first reason,
    // which says what was seen, rather than churn the message per retry.
    const kept = error.timeout && previous?.timeout ? previous : undefined;
    this.status.lastError = kept ?? { ...error, at: new Date().toISOString() };

    // A kind listed before can 404 for a moment while a restarted API
    // server registers its CRDs: retry as for any error a few times first.
    this.notFoundInARow = error.code === 404 ? this.notFoundInARow + 1 : 0;
    const transient404 =
      error.code === 404 && this.status.synced && this.notFoundInARow <= 5;
    if (error.code === 404 && !transient404) {
      // No CRD for this kind: note it once, look again rarely.
      const recheckMs =
        this.options.absentRecheckMs ?? WATCH_DEFAULTS.absentRecheckMs;
      if (this.status.phase !== 'absent') {
        logger.info(
          `${this.what} (${kind.group}/${
            kind.version
          }) is not installed; looking again in ${Math.round(
            recheckMs / 1000,
          )} s`,
        );
      }
      this.setPhase('absent');
      await this.sleep(recheckMs);
      return;
    }
    if (previous?.message !== this.status.lastError.message) {
      logger.warn(`${this.what}: cannot list/watch: ${error.message}`);
    }
    this.setPhase(
      error.code === 401 || error.code === 403 ? 'forbidden' : 'backoff',
    );
    await this.sleep(backoffDelay(this.attempt++, this.backoff));
  }

  private async relist() {
    const project = this.options.project ?? (o => o);
    const fresh = new Map<string, KubeObject>();
    let token: string | undefined;
    let resourceVersion: string | undefined;
    do {
      this.status.requests += 1;
      const page = await this.options.http.getJson<KubeList>(
        this.path,
        {
          limit: this.options.pageSize ?? WATCH_DEFAULTS.pageSize,
          continue: token,
        },
        this.requestTimeoutMs,
        this.stopping.signal,
      );
      const items = page.items ?? [];
      for (let i = 0; i < items.length; i++) {
        if (i > 0 && i % PROJECTED_PER_TURN === 0) {
          await new Promise(resolve => setImmediate(resolve));
          if (this.stopped) return;
        }
        const object = project(items[i]);
        fresh.set(key(object), object);
      }
      token = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
    } while (token && !this.stopped);

    // Emit the difference, so listeners see deletions missed while away.
    const before = new Map(this.store);
    this.store.clear();
    for (const [k, object] of fresh) this.store.set(k, object);
    this.resourceVersion = resourceVersion;
    this.status.objects = this.store.size;
    this.status.synced = true;
    this.heard();
    for (const [k, old] of before) {
      if (!fresh.has(k)) this.options.onChange('DELETED', old);
    }
    for (const [k, object] of fresh) {
      const old = before.get(k);
      if (!old) this.options.onChange('ADDED', object);
      else if (
        old.metadata.resourceVersion !== object.metadata.resourceVersion
      ) {
        this.options.onChange('MODIFIED', object);
      }
    }
  }

  private async watchOnce(): Promise<WatchEnd> {
    const project = this.options.project ?? (o => o);
    const bound = this.watchTimeoutSeconds;
    // Long watches, ended by the server after 4–5 minutes (jittered, so
    // watchers do not re-open together), as client-go does. Quiet is not
    // hung: the cluster's liveness probe tells silence from a hang within
    // the bound, bookmarks or not.
    const serverTimeout = 240 + Math.floor(Math.random() * 60);
    let gone = false;
    this.status.requests += 1;
    const stream = this.options.http.watch(
      this.path,
      {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: serverTimeout,
      },
      {
        headersTimeoutMs: this.requestTimeoutMs,
        // Silence past this re-opens the watch: a safety net for a dead
        // connection the server did not close. The liveness probe finds a
        // hung server sooner; with a bound under a minute, quiet watches
        // are re-opened once per bound.
        idleTimeoutMs: bound * 1000 + this.requestTimeoutMs,
        onOpen: () => this.heard(),
        onEvent: (type, object) => {
          if (type === 'ERROR') {
            if (object?.code === 410) {
              gone = true;
              stream.abort();
            } else {
              stream.abort(
                Object.assign(new Error(object?.message ?? 'watch error'), {
                  statusCode: object?.code,
                }),
              );
            }
            return;
          }
          const rv = object?.metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          this.heard();
          if (type === 'BOOKMARK') return;
          const projected = project(object as KubeObject);
          if (type === 'DELETED') this.store.delete(key(projected));
          else this.store.set(key(projected), projected);
          this.status.objects = this.store.size;
          this.options.onChange(type as ChangeType, projected);
        },
      },
    );
    this.stream = stream;
    if (this.stopped) stream.abort();
    try {
      await stream.done;
    } catch (error) {
      // 410 as the answer to the watch itself, not as an event in it (how
      // some servers say the version is too old): the same as the event.
      if (error instanceof KubeStatusError && error.statusCode === 410) {
        return 'gone';
      }
      // Silence past the safety net: re-open; a hung server then fails the
      // open within the request deadline.
      if (!(error instanceof KubeTimeoutError && error.phase === 'body')) {
        throw error;
      }
    } finally {
      this.stream = undefined;
    }
    return gone ? 'gone' : 'closed';
  }
}
