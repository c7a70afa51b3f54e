import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { FailurePause } from './FailurePause';

/** What the cache service stores (JSON). */
type JsonValue = Parameters<CacheService['set']>[1];

/** One GitHub answer as replicas share it: small, JSON, no credentials. */
export interface SharedAnswer {
  /** Absent when the answer was `undefined`. */
  data?: JsonValue;
  etag?: string;
  link?: string;
  /** When some replica last had it confirmed by GitHub (epoch ms). */
  validatedAt: number;
}

export interface SharedAnswerCacheOptions {
  cache: CacheService;
  /** How long an answer is kept in the shared cache. */
  ttlMs: number;
  /** Answers larger than this (as JSON) stay in process memory only. */
  maxValueBytes?: number;
  /** A read or write slower than this is given up (the store is down). */
  timeoutMs?: number;
  logger?: LoggerService;
  now?: () => number;
}

const KEY_VERSION = 'github-answer:v1';
const DEFAULT_MAX_VALUE_BYTES = 128 * 1024;
const DEFAULT_TIMEOUT_MS = 1000;
/**
 * After a store failure it is left alone this long, doubled per failure in
 * a row up to MAX_PAUSE_MS: a store that never answers again (Backstage's
 * Redis client after a Redis restart) costs a bounded wait now and then.
 */
const PAUSE_AFTER_FAILURE_MS = 10_000;
const MAX_PAUSE_MS = 5 * 60_000;

/**
 * GitHub answers with their ETags in `coreServices.cache`, so that every
 * replica (with `backend.cache.store: redis`) revalidates what another one
 * already fetched (a 304, free of rate limit) instead of fetching it in
 * full. Keys are hashes of the API base URL, a hash of the credential and
 * the request URL: nothing secret is stored, and answers read with one
 * credential are never served to another. A store that fails or is slow
 * is treated as empty: GitHub reads never wait on it for long.
 */
export class SharedAnswerCache {
  private readonly pause: FailurePause;
  private readonly maxValueBytes: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: SharedAnswerCacheOptions) {
    this.pause = new FailurePause({
      firstMs: PAUSE_AFTER_FAILURE_MS,
      maxMs: MAX_PAUSE_MS,
      now: options.now ?? Date.now,
    });
    this.maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The shared key of a request (bucket: API base URL and credential hash). */
  static keyOf(bucket: string, requestKey: string): string {
    const digest = createHash('sha256')
      .update(bucket)
      .update('\n')
      .update(requestKey)
      .digest('hex');
    return `${KEY_VERSION}:${digest}`;
  }

  async get(key: string): Promise<SharedAnswer | undefined> {
    if (this.pause.active) return undefined;
    try {
      const value = await this.bounded(this.options.cache.get(key));
      this.pause.succeeded();
      return isSharedAnswer(value) ? value : undefined;
    } catch (error) {
      this.failed('read', error);
      return undefined;
    }
  }

  /** Stores an answer unless it is too large; never throws. */
  set(key: string, answer: SharedAnswer): void {
    if (this.pause.active) return;
    const json = JSON.stringify(answer);
    if (json === undefined || Buffer.byteLength(json) > this.maxValueBytes) {
      return;
    }
    this.bounded(
      this.options.cache.set(key, JSON.parse(json) as JsonValue, {
        ttl: this.options.ttlMs,
      }),
    ).catch(error => this.failed('write', error));
  }

  private bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref?.();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private failed(what: string, error: unknown) {
    const pauseMs = this.pause.failed();
    if (pauseMs === undefined) return;
    this.options.logger?.warn(
      `GitOps: the shared cache failed a ${what} (${
        (error as Error)?.message ?? error
      }); GitHub answers are kept in this process only for the next ${
        pauseMs / 1000
      } s`,
    );
  }
}

function isSharedAnswer(value: unknown): value is SharedAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { validatedAt?: unknown }).validatedAt === 'number'
  );
}
