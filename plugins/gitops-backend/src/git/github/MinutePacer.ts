/** GitHub counts its secondary REST limit per minute. */
export const PACE_WINDOW_MS = 60_000;

/**
 * GitHub's documented secondary limit for REST on github.com: 900 points a
 * minute per user or app, and a GET costs one.
 */
export const GITHUB_COM_POINTS_PER_MINUTE = 900;

/**
 * What the client sends to github.com a minute by default: GitHub's limit
 * less a margin for sends that go later than their turn (a busy event
 * loop) and for the credential's other users.
 */
export const GITHUB_COM_REQUESTS_PER_MINUTE = 850;

/** More turns a minute than this is not pacing; it would only cost memory. */
export const MAX_REQUESTS_PER_MINUTE = 100_000;

const GITHUB_COM_API = 'https://api.github.com';

/**
 * The sends a minute allowed to an API host: `configured` when set
 * (0: no pacing), else the default for github.com, and none for a GitHub
 * Enterprise Server, whose limits are its administrators' (off by default
 * there).
 */
export function requestsPerMinuteFor(
  apiBaseUrl: string,
  configured?: number,
): number {
  if (configured !== undefined) return configured;
  return apiBaseUrl.replace(/\/+$/, '') === GITHUB_COM_API
    ? GITHUB_COM_REQUESTS_PER_MINUTE
    : 0;
}

/** A turn: how long to wait for it, and whether to say the bucket is paced. */
export interface Turn {
  waitMs: number;
  /** The bucket's first wait in a minute: worth one log line. */
  announce: boolean;
}

interface Window {
  /** Turns of the last `limit` sends, oldest at `next` once full. */
  times: number[];
  next: number;
  /** The latest turn given. */
  newest: number;
  announcedAt?: number;
}

/**
 * At most `limitOf(bucket)` sends per bucket (API host and credential) in
 * any minute. Each send reserves the earliest turn the last minute allows,
 * in the order they ask, so none starves and none waits longer than it
 * must. A bucket idle for a minute is forgotten (credentials rotate).
 */
export class MinutePacer {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limitOf: (bucket: string) => number,
    private readonly now: () => number,
  ) {}

  /**
   * Reserves a send for `bucket`. A reserved send that is not made still
   * counts, which only errs on the side of fewer requests.
   */
  reserve(bucket: string): Turn {
    const limit = this.limitOf(bucket);
    if (!(limit > 0)) return { waitMs: 0, announce: false };
    const now = this.now();
    let window = this.windows.get(bucket);
    if (!window) {
      this.forgetIdle(now);
      window = { times: [], next: 0, newest: now };
      this.windows.set(bucket, window);
    }
    let at = now;
    if (window.times.length < limit) {
      window.times.push(at);
    } else {
      // The slot to reuse holds the turn of the send `limit` sends ago.
      at = Math.max(now, window.times[window.next] + PACE_WINDOW_MS);
      window.times[window.next] = at;
      window.next = (window.next + 1) % limit;
    }
    window.newest = Math.max(window.newest, at);
    const waitMs = at - now;
    const announce =
      waitMs > 0 &&
      (window.announcedAt === undefined ||
        now - window.announcedAt >= PACE_WINDOW_MS);
    if (announce) window.announcedAt = now;
    return { waitMs, announce };
  }

  /** Buckets held (for tests and memory figures). */
  get size(): number {
    return this.windows.size;
  }

  private forgetIdle(now: number) {
    for (const [bucket, window] of this.windows) {
      if (window.newest <= now - PACE_WINDOW_MS) this.windows.delete(bucket);
    }
  }
}
