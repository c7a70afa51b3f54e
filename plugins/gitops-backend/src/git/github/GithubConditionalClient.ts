import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GitStaleness } from '@gitops-console/plugin-gitops-node';
import { GithubRateLimitError, GithubRequestError } from '../errors';
import { InFlight, KeyedLimiter } from '../KeyedLimiter';
import { LruMap } from '../LruMap';
import { Admission, BucketFailure, BucketGate, Ticket } from './BucketGate';
import { MinutePacer } from './MinutePacer';
import { rateLimitResetsAt } from './rateLimit';
import { DEFAULT_GITHUB_RETRY_POLICY, GithubRetryPolicy } from './retryPolicy';
import type { ImmutableAnswers } from './ImmutableAnswerStore';
import { SharedAnswer, SharedAnswerCache } from './SharedAnswerCache';

type Headers = Record<string, string | number | undefined>;
type Json = Exclude<SharedAnswer['data'], undefined>;

/** What an upstream call answers (Octokit's response shape). */
export interface UpstreamResponse<R> {
  status: number;
  data: R;
  headers: Headers;
}

/** How a kept answer is written to, and read from, the shared cache. */
export interface ShareCodec<T> {
  encode(data: T): Json;
  decode(value: Json): T;
}

/** One GET, described so it can be cached, coalesced and revalidated. */
export interface ConditionalRequest<R, T> {
  /** Cache and coalescing key: the request URL (with query). */
  key: string;
  /** The repository the request is about: concurrency and staleness scope. */
  repoKey: string;
  /** The rate limit bucket: API base URL and credential. */
  limitKey: string;
  /** Answers that can never change (addressed by SHA) skip revalidation. */
  immutable: boolean;
  send(headers: Record<string, string>): Promise<UpstreamResponse<R>>;
  /** Reduces the answer to what is kept (the cache holds this, not `R`). */
  map(data: R): T;
  /** Counted as the background CI poll's rather than a read's. */
  ci?: boolean;
  /**
   * How the kept answer is shared with other replicas: as it is (it is
   * JSON) by default, through a codec, or not at all (`false`).
   */
  share?: false | ShareCodec<T>;
}

export interface ConditionalResult<T> {
  data: T;
  /** The `link` header, for pagination. */
  link?: string;
  /** How the answer was obtained; tests and metrics read it. */
  source:
    | 'upstream'
    | 'not-modified'
    | 'cache'
    | 'shared-cache'
    | 'stored'
    | 'stale-cache';
}

interface Entry {
  data: unknown;
  etag?: string;
  link?: string;
  validatedAt: number;
}

/** How one send ended, when it gave no answer to return. */
type Outcome<T> =
  | { kind: 'answer'; result: ConditionalResult<T> }
  | { kind: 'failure'; failure: BucketFailure; retry: boolean };

export interface GithubConditionalClientOptions {
  maxEntries: number;
  /** Cached mutable answers younger than this are served unrevalidated. */
  revalidateAfterMs: number;
  concurrencyPerRepo: number;
  /**
   * Sends a minute at most to an API base URL (per credential); 0 or
   * absent: not paced (MinutePacer).
   */
  requestsPerMinute?: (apiBaseUrl: string) => number;
  /** Retries and the pause after failures; defaults in retryPolicy.ts. */
  retry?: GithubRetryPolicy;
  /** Answers shared with other replicas (`coreServices.cache`). */
  shared?: SharedAnswerCache;
  /** Immutable answers kept across restarts (the plugin's database). */
  stored?: ImmutableAnswers;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called for each request sent upstream (for counters). */
  onUpstream?: (request: { ci?: boolean }) => void;
  logger?: LoggerService;
}

/** A refused request: 404 and 422 pass through with their status. */
export class GithubStatusError extends Error {
  readonly name = 'GithubStatusError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * GitHub GETs with the manners the API asks for: conditional requests (ETag
 * and If-None-Match; a 304 reuses the cached body and does not count against
 * the rate limit), identical concurrent requests coalesced into one, bounded
 * concurrency per repository, retries with backoff and jitter, and a pause
 * per API host and credential after failures and rate limits (BucketGate),
 * never shorter than GitHub asks. While GitHub is rate-limited or failing,
 * cached answers are served and the repository is marked stale. Answers
 * are kept in process memory, in front of the shared cache when one is
 * given (other replicas' answers and ETags).
 */
export class GithubConditionalClient {
  private readonly cache: LruMap<string, Entry>;
  private readonly inFlight = new InFlight<ConditionalResult<unknown>>();
  private readonly limiter: KeyedLimiter;
  private readonly gate: BucketGate;
  private readonly pacer: MinutePacer;
  private readonly policy: GithubRetryPolicy;
  private readonly refreshedAt = new Map<string, number>();
  private readonly staleness = new Map<string, GitStaleness>();
  /** Each request's key in the shared cache and the store, hashed once. */
  private readonly storeKeys = new WeakMap<object, string>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GithubConditionalClientOptions) {
    this.cache = new LruMap(options.maxEntries);
    this.limiter = new KeyedLimiter(options.concurrencyPerRepo);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? unrefSleep;
    this.policy = options.retry ?? DEFAULT_GITHUB_RETRY_POLICY;
    this.pacer = new MinutePacer(
      bucket => options.requestsPerMinute?.(hostOf(bucket)) ?? 0,
      this.now,
    );
    this.gate = new BucketGate(
      this.policy,
      this.now,
      options.random,
      (bucket, failure) => this.logTransition(bucket, failure),
    );
  }

  async get<R, T>(
    request: ConditionalRequest<R, T>,
  ): Promise<ConditionalResult<T>> {
    const entry = this.cache.get(request.key);
    if (entry && this.isFresh(entry, request)) {
      return { data: entry.data as T, link: entry.link, source: 'cache' };
    }
    return this.inFlight.run(request.key, async () => {
      let known = entry;
      if (!known && request.immutable) {
        const stored = await this.readStored(request);
        if (stored) {
          this.cache.set(request.key, stored);
          return { data: stored.data, link: stored.link, source: 'stored' };
        }
      }
      if (!known) {
        known = await this.readShared(request);
        if (known) {
          this.cache.set(request.key, known);
          if (this.isFresh(known, request)) {
            return {
              data: known.data,
              link: known.link,
              source: 'shared-cache',
            };
          }
        }
      }
      return this.fetch(request, known);
    }) as Promise<ConditionalResult<T>>;
  }

  /** Makes the next request for each of the repository's answers revalidate. */
  refresh(repoKey: string): void {
    this.refreshedAt.set(repoKey, this.now());
  }

  getStaleness(repoKey: string): GitStaleness | undefined {
    return this.staleness.get(repoKey);
  }

  private isFresh(
    entry: Entry,
    request: { repoKey: string; immutable: boolean },
  ) {
    if (request.immutable) {
      return true;
    }
    const refreshed = this.refreshedAt.get(request.repoKey) ?? 0;
    return (
      entry.validatedAt > refreshed &&
      this.now() - entry.validatedAt < this.options.revalidateAfterMs
    );
  }

  /**
   * Sends the request, retrying failures while attempts remain. A request
   * that has an answer to serve does not wait for a paused bucket (it
   * serves the answer, stale) unless it is retrying its own failure; one
   * without waits, up to `maxWaitMs` in all.
   */
  private async fetch<R, T>(
    request: ConditionalRequest<R, T>,
    entry: Entry | undefined,
  ): Promise<ConditionalResult<T>> {
    const { maxAttempts, maxWaitMs } = this.policy;
    let tries = 0;
    let waited = 0;
    for (;;) {
      // Admitted inside the repository's slot, right before the send: a
      // request queued behind others sees a failure that happened meanwhile.
      const step = await this.limiter.run(request.repoKey, () =>
        this.admitAndSend(request, entry),
      );
      if ('outcome' in step) {
        tries += 1;
        const { outcome } = step;
        if (outcome.kind === 'answer') {
          return outcome.result;
        }
        if (!outcome.retry || tries >= maxAttempts) {
          return this.fallBack(request, entry, outcome.failure);
        }
        continue;
      }
      const { admission } = step;
      const patient = (!entry || tries > 0) && tries < maxAttempts;
      if (
        admission.kind === 'wait' &&
        patient &&
        waited + admission.waitMs <= maxWaitMs
      ) {
        waited += admission.waitMs;
        await this.sleep(admission.waitMs);
        continue;
      }
      if (admission.kind === 'probing' && patient) {
        tries += 1;
        await admission.settled;
        continue;
      }
      return this.fallBack(request, entry, admission.failure);
    }
  }

  /** Sends now if the gate admits it; else says what the gate answered. */
  private async admitAndSend<R, T>(
    request: ConditionalRequest<R, T>,
    entry: Entry | undefined,
  ): Promise<
    { outcome: Outcome<T> } | { admission: Exclude<Admission, Ticket> }
  > {
    // A paused bucket answers at once (a wait, its probe, a stale answer):
    // only a send that can go waits for its turn. A probe takes one too.
    const failing = this.gate.failureOf(request.limitKey) !== undefined;
    if (!failing) await this.paced(request.limitKey);
    const admission = this.gate.admit(request.limitKey);
    if (admission.kind !== 'send') return { admission };
    if (failing) this.pacer.reserve(request.limitKey);
    return { outcome: await this.attempt(request, entry, admission) };
  }

  /**
   * One send (in the repository's slot); throws GithubStatusError for a
   * refusal (404, 422, ...).
   */
  private async attempt<R, T>(
    request: ConditionalRequest<R, T>,
    entry: Entry | undefined,
    ticket: Ticket,
  ): Promise<Outcome<T>> {
    let response: UpstreamResponse<R>;
    try {
      this.options.onUpstream?.(request);
      response = await request.send(
        entry?.etag ? { 'if-none-match': entry.etag } : {},
      );
    } catch (error) {
      const status = statusOf(error);
      const headers = headersOf(error);
      if (status === 304 && entry) {
        this.answered(request.limitKey, 304, headers, ticket);
        entry.validatedAt = this.now();
        this.staleness.delete(request.repoKey);
        this.writeShared(request, entry);
        return {
          kind: 'answer',
          result: {
            data: entry.data as T,
            link: entry.link,
            source: 'not-modified',
          },
        };
      }
      const resetsAt = rateLimitResetsAt(
        status ?? 0,
        headers,
        this.now(),
        messageOf(error),
      );
      if (resetsAt) {
        const failure = rateLimitFailure(resetsAt);
        this.gate.limited(request.limitKey, failure, ticket);
        return { kind: 'failure', failure, retry: true };
      }
      if (status === undefined || status >= 500) {
        const failure = transientFailure(status, error);
        this.gate.failed(request.limitKey, failure, ticket);
        // A timed-out request already took its whole bound: not again now.
        return { kind: 'failure', failure, retry: !isTimeout(error) };
      }
      // GitHub answered: it is up, whatever it thinks of this request.
      this.answered(request.limitKey, status, headers, ticket);
      throw new GithubStatusError(status, messageOf(error));
    }

    this.answered(request.limitKey, response.status, response.headers, ticket);
    const etag = response.headers.etag;
    const link = response.headers.link;
    const data = request.map(response.data);
    const fresh: Entry = {
      data,
      etag: typeof etag === 'string' ? etag : undefined,
      link: typeof link === 'string' ? link : undefined,
      validatedAt: this.now(),
    };
    this.cache.set(request.key, fresh);
    this.writeShared(request, fresh);
    if (request.immutable) this.writeStored(request, fresh);
    this.staleness.delete(request.repoKey);
    return {
      kind: 'answer',
      result: { data, link: fresh.link, source: 'upstream' },
    };
  }

  /**
   * GitHub answered: the bucket is healthy, unless the answer spent the
   * last request of the rate limit (then it is paused until the reset).
   */
  private answered(
    limitKey: string,
    status: number,
    headers: Headers,
    ticket: Ticket,
  ) {
    const resetsAt = rateLimitResetsAt(status, headers, this.now());
    if (resetsAt) {
      this.gate.limited(limitKey, rateLimitFailure(resetsAt), ticket);
    } else {
      this.gate.succeeded(limitKey, ticket);
    }
  }

  private storeKeyOf(request: ConditionalRequest<unknown, unknown>): string {
    let key = this.storeKeys.get(request);
    if (key === undefined) {
      key = SharedAnswerCache.keyOf(request.limitKey, request.key);
      this.storeKeys.set(request, key);
    }
    return key;
  }

  private async readShared<T>(
    request: ConditionalRequest<unknown, T>,
  ): Promise<Entry | undefined> {
    const { shared } = this.options;
    if (!shared || request.share === false) return undefined;
    const answer = await shared.get(this.storeKeyOf(request));
    if (!answer) return undefined;
    try {
      const data =
        request.share && answer.data !== undefined
          ? request.share.decode(answer.data)
          : answer.data;
      return {
        data,
        etag: answer.etag,
        link: answer.link,
        validatedAt: answer.validatedAt,
      };
    } catch {
      return undefined; // Written by another version: fetched again.
    }
  }

  private async readStored<T>(
    request: ConditionalRequest<unknown, T>,
  ): Promise<Entry | undefined> {
    const { stored } = this.options;
    if (!stored || request.share === false) return undefined;
    const answer = await stored.get(this.storeKeyOf(request));
    if (!answer) return undefined;
    try {
      const data = request.share
        ? request.share.decode(answer.data)
        : answer.data;
      return { data, link: answer.link, validatedAt: this.now() };
    } catch {
      return undefined; // Written by another version: fetched again.
    }
  }

  private writeStored<T>(
    request: ConditionalRequest<unknown, T>,
    entry: Entry,
  ) {
    const { stored } = this.options;
    if (!stored || request.share === false || entry.data === undefined) return;
    const data = request.share
      ? request.share.encode(entry.data as T)
      : (entry.data as Json);
    stored.put(this.storeKeyOf(request), {
      data,
      ...(entry.link && { link: entry.link }),
    });
  }

  private writeShared<T>(
    request: ConditionalRequest<unknown, T>,
    entry: Entry,
  ) {
    const { shared } = this.options;
    if (!shared || request.share === false) return;
    const data =
      request.share && entry.data !== undefined
        ? request.share.encode(entry.data as T)
        : (entry.data as Json | undefined);
    shared.set(this.storeKeyOf(request), {
      ...(data !== undefined && { data }),
      ...(entry.etag && { etag: entry.etag }),
      ...(entry.link && { link: entry.link }),
      validatedAt: entry.validatedAt,
    });
  }

  private fallBack<T>(
    request: ConditionalRequest<unknown, T>,
    entry: Entry | undefined,
    failure: Failure,
  ): ConditionalResult<T> {
    if (!entry) {
      throw failure.resetsAt
        ? new GithubRateLimitError(request.repoKey, failure.resetsAt)
        : new GithubRequestError(
            request.repoKey,
            failure.status,
            failure.detail,
          );
    }
    if (!this.staleness.has(request.repoKey)) {
      this.staleness.set(request.repoKey, {
        reason: failure.reason,
        since: new Date(this.now()).toISOString(),
      });
    }
    return { data: entry.data as T, link: entry.link, source: 'stale-cache' };
  }

  /**
   * Waits for this send's turn in its bucket's minute. Inside the
   * repository's slot: the repository's next requests would only get
   * later turns. Not counted in `maxWaitMs`, which bounds waits on
   * failures; a turn is at most the bucket's queue away.
   */
  private async paced(limitKey: string): Promise<void> {
    const { waitMs, announce } = this.pacer.reserve(limitKey);
    if (waitMs <= 0) return;
    if (announce) {
      const host = hostOf(limitKey);
      this.options.logger?.info(
        `GitOps: reads from ${host} are paced at ${this.options.requestsPerMinute?.(
          host,
        )} a minute (gitops.github.requestsPerMinute); this one waits ${Math.ceil(
          waitMs / 1000,
        )} s`,
      );
    }
    await this.sleep(waitMs);
  }

  /** One line when a bucket turns paused and one when it is healthy again. */
  private logTransition(bucket: string, failure: BucketFailure | undefined) {
    const host = hostOf(bucket);
    if (failure) {
      this.options.logger?.warn(
        `GitOps: ${failure.reason} (${host}); requests to it are paused with backoff and cached answers are served, marked stale`,
      );
    } else {
      this.options.logger?.info(`GitOps: GitHub answers again (${host})`);
    }
  }
}

type Failure = BucketFailure;

function rateLimitFailure(resetsAt: Date): Failure & { resetsAt: Date } {
  const reason = `GitHub rate limit exceeded; resets at ${resetsAt.toISOString()}`;
  return { reason, resetsAt, detail: reason };
}

function transientFailure(status: number | undefined, error: unknown): Failure {
  const detail = messageOf(error);
  return {
    reason:
      status === undefined
        ? `GitHub could not be reached: ${detail}`
        : `GitHub answered ${status}: ${detail}`,
    status,
    detail,
  };
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    /aborted due to timeout|timed? ?out/i.test(messageOf(error))
  );
}

/** A bucket is "<API base URL> <credential hash>". */
function hostOf(bucket: string): string {
  return bucket.split(' ')[0];
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  const response = (error as { response?: unknown })?.response;
  // Octokit reports network failures as a 500 without a response.
  if (typeof status !== 'number' || (status === 500 && !response)) {
    return undefined;
  }
  return status;
}

function headersOf(error: unknown): Headers {
  return (
    (error as { response?: { headers?: Headers } })?.response?.headers ?? {}
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
