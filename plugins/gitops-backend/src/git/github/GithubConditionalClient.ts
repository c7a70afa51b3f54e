import type { GitStaleness } from '@gitops-console/plugin-gitops-node';
import { GithubRateLimitError, GithubRequestError } from '../errors';
import { InFlight, KeyedLimiter } from '../KeyedLimiter';
import { LruMap } from '../LruMap';
import { rateLimitResetsAt } from './rateLimit';

type Headers = Record<string, string | number | undefined>;

/** What an upstream call answers (Octokit's response shape). */
export interface UpstreamResponse<R> {
  status: number;
  data: R;
  headers: Headers;
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
}

export interface ConditionalResult<T> {
  data: T;
  /** The `link` header, for pagination. */
  link?: string;
  /** How the answer was obtained; tests and metrics read it. */
  source: 'upstream' | 'not-modified' | 'cache' | 'stale-cache';
}

interface Entry {
  data: unknown;
  etag?: string;
  link?: string;
  validatedAt: number;
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
 * concurrency per repository, and no requests at all while a rate limit is
 * exhausted. When GitHub is rate-limited or failing, cached answers are
 * served and the repository is marked stale.
 */
export class GithubConditionalClient {
  private readonly cache: LruMap<string, Entry>;
  private readonly inFlight = new InFlight<ConditionalResult<unknown>>();
  private readonly limiter: KeyedLimiter;
  private readonly blockedUntil = new Map<string, number>();
  private readonly refreshedAt = new Map<string, number>();
  private readonly staleness = new Map<string, GitStaleness>();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      maxEntries: number;
      /** Cached mutable answers younger than this are served unrevalidated. */
      revalidateAfterMs: number;
      concurrencyPerRepo: number;
      now?: () => number;
      /** Called for each request sent upstream (for counters). */
      onUpstream?: (request: { ci?: boolean }) => void;
    },
  ) {
    this.cache = new LruMap(options.maxEntries);
    this.limiter = new KeyedLimiter(options.concurrencyPerRepo);
    this.now = options.now ?? Date.now;
  }

  async get<R, T>(
    request: ConditionalRequest<R, T>,
  ): Promise<ConditionalResult<T>> {
    const entry = this.cache.get(request.key);
    if (entry && this.isFresh(entry, request)) {
      return { data: entry.data as T, link: entry.link, source: 'cache' };
    }
    return this.inFlight.run(request.key, () =>
      this.fetch(request, entry),
    ) as Promise<ConditionalResult<T>>;
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

  private async fetch<R, T>(
    request: ConditionalRequest<R, T>,
    entry: Entry | undefined,
  ): Promise<ConditionalResult<T>> {
    const blocked = this.blockedUntil.get(request.limitKey);
    if (blocked !== undefined && blocked > this.now()) {
      return this.fallBack(request, entry, rateLimitFailure(new Date(blocked)));
    }

    let response: UpstreamResponse<R>;
    try {
      response = await this.limiter.run(request.repoKey, () => {
        this.options.onUpstream?.(request);
        return request.send(entry?.etag ? { 'if-none-match': entry.etag } : {});
      });
    } catch (error) {
      const status = statusOf(error);
      const headers = headersOf(error);
      if (status === 304 && entry) {
        entry.validatedAt = this.now();
        this.noteHeaders(request.limitKey, 304, headers);
        this.staleness.delete(request.repoKey);
        return {
          data: entry.data as T,
          link: entry.link,
          source: 'not-modified',
        };
      }
      const resetsAt = rateLimitResetsAt(status ?? 0, headers, this.now());
      if (resetsAt) {
        this.blockedUntil.set(request.limitKey, resetsAt.getTime());
        return this.fallBack(request, entry, rateLimitFailure(resetsAt));
      }
      if (status === undefined || status >= 500) {
        return this.fallBack(request, entry, {
          reason: `GitHub answered ${status ?? 'no response'}: ${messageOf(
            error,
          )}`,
          status,
          detail: messageOf(error),
        });
      }
      throw new GithubStatusError(status, messageOf(error));
    }

    this.noteHeaders(request.limitKey, response.status, response.headers);
    const etag = response.headers.etag;
    const link = response.headers.link;
    const data = request.map(response.data);
    this.cache.set(request.key, {
      data,
      etag: typeof etag === 'string' ? etag : undefined,
      link: typeof link === 'string' ? link : undefined,
      validatedAt: this.now(),
    });
    this.staleness.delete(request.repoKey);
    return {
      data,
      link: typeof link === 'string' ? link : undefined,
      source: 'upstream',
    };
  }

  /** A success that spent the last request blocks the bucket until reset. */
  private noteHeaders(limitKey: string, status: number, headers: Headers) {
    const resetsAt = rateLimitResetsAt(status, headers, this.now());
    if (resetsAt) {
      this.blockedUntil.set(limitKey, resetsAt.getTime());
    } else if (headers['x-ratelimit-remaining'] !== undefined) {
      this.blockedUntil.delete(limitKey);
    }
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
}

interface Failure {
  reason: string;
  resetsAt?: Date;
  status?: number;
  detail: string;
}

function rateLimitFailure(resetsAt: Date): Failure {
  const reason = `GitHub rate limit exceeded; resets at ${resetsAt.toISOString()}`;
  return { reason, resetsAt, detail: reason };
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
