import type { LoggerService } from '@backstage/backend-plugin-api';
import { describeKubeError } from './kubeErrors';
import type { KubeHttp } from './kubeHttp';
import type { ResourceWatcher } from './ResourceWatcher';

export interface ClusterLivenessOptions {
  cluster: string;
  http: KubeHttp;
  /** The hung bound: silence plus an unanswered probe within it. */
  watchTimeoutSeconds: number;
  requestTimeoutMs: number;
  logger: LoggerService;
  /** When any watcher of the cluster last heard from the server. */
  lastHeardMs: () => number;
  /** The watchers whose watch is open now. */
  watching: () => ResourceWatcher[];
}

/** The reason a hung cluster is reported with. */
export function hungReason(watchTimeoutSeconds: number): string {
  return `no event or bookmark for ${watchTimeoutSeconds} s: the API server does not answer`;
}

/**
 * Tells a quiet cluster from a hung one. Open watches of a healthy server
 * deliver an event or a bookmark, or are ended by the server, well within
 * the bound. When all of a cluster's watches have been silent for half the
 * bound, one cheap request (GET /version) is sent with the other half as
 * its deadline. No answer: the watches are interrupted with the hung
 * reason, so the cluster is reported unreachable at most one bound after
 * it went silent, and the watchers retry (probe first) with capped backoff.
 *
 * The same probe, shared and de-duplicated, is what watchers send before
 * each retry, so a re-list goes only to a server that answers.
 */
export class ClusterLiveness {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private lastAnswerMs = 0;
  private checking = false;
  private readonly stopping = new AbortController();
  /** Probe requests sent, counted in the cluster's `requests`. */
  requests = 0;

  constructor(private readonly options: ClusterLivenessOptions) {}

  start() {
    if (this.timer) return;
    const every = Math.min(1000, (this.options.watchTimeoutSeconds * 1000) / 6);
    this.timer = setInterval(() => void this.check(), every);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    // A probe of a hung server would otherwise hold shutdown until its deadline.
    this.stopping.abort();
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * Resolves when the server answers anything over HTTP (even 401: it is
   * alive, and the list will report the refusal); rejects on no answer.
   * Concurrent callers share one request.
   */
  probe(timeoutMs = this.options.requestTimeoutMs): Promise<void> {
    this.inFlight ??= this.send(timeoutMs).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async send(timeoutMs: number): Promise<void> {
    this.requests += 1;
    try {
      await this.options.http.getJson(
        '/version',
        {},
        timeoutMs,
        this.stopping.signal,
      );
    } catch (error) {
      if (typeof (error as { statusCode?: unknown }).statusCode !== 'number') {
        throw error;
      }
    }
    this.lastAnswerMs = Date.now();
  }

  private async check() {
    if (this.checking) return;
    const boundMs = this.options.watchTimeoutSeconds * 1000;
    const heard = Math.max(this.options.lastHeardMs(), this.lastAnswerMs);
    const silentMs = Date.now() - heard;
    if (silentMs < boundMs / 2) return;
    if (this.options.watching().length === 0) return;
    this.checking = true;
    try {
      // The rest of the bound is the probe's deadline (at least a second).
      await this.probe(Math.max(1000, boundMs - silentMs));
    } catch (error) {
      const described = describeKubeError(error);
      const reason = described.timeout
        ? hungReason(this.options.watchTimeoutSeconds)
        : described.message;
      const watching = this.options.watching();
      if (watching.length > 0) {
        this.options.logger.warn(
          `Cluster ${this.options.cluster}: ${reason}; restarting its watches`,
        );
      }
      for (const watcher of watching) {
        watcher.interrupt(
          Object.assign(new Error(reason), { timeout: described.timeout }),
        );
      }
    } finally {
      this.checking = false;
    }
  }
}
