/** GitHub counts its secondary REST limit per minute. */
export const PACE_WINDOW_MS = 60_000;

/**
 * GitHub's documented secondary limit for REST: 900 points a minute per
 * user or app, and a GET costs one. Without pacing, a first start that
 * reads a long history one commit per request runs into it (a 403 with
 * `retry-after`) and then waits a minute at a time.
 */
export const GITHUB_COM_REQUESTS_PER_MINUTE = 900;

const GITHUB_COM_API = 'https://api.github.com';

/**
 * The sends a minute allowed to an API host: `configured` when set
 * (0: no pacing), else github.com's limit for github.com, and none for a
 * GitHub Enterprise Server, whose limits are its administrators' (off by
 * default there).
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

interface Window {
  /** Send times of the last `limit` sends, oldest at `next` once full. */
  times: number[];
  next: number;
}

/**
 * At most `limitOf(bucket)` sends per bucket (API host and credential) in
 * any minute. Each send reserves the earliest time it may go, in the
 * order they ask, so none starves and none waits longer than it must.
 */
export class MinutePacer {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limitOf: (bucket: string) => number,
    private readonly now: () => number,
  ) {}

  /**
   * Reserves a send for `bucket`: the milliseconds to wait before it
   * (0: now). A reserved send that is not made still counts, which only
   * errs on the side of fewer requests.
   */
  reserve(bucket: string): number {
    const limit = this.limitOf(bucket);
    if (!(limit > 0)) return 0;
    const now = this.now();
    let window = this.windows.get(bucket);
    if (!window) {
      window = { times: [], next: 0 };
      this.windows.set(bucket, window);
    }
    if (window.times.length < limit) {
      window.times.push(now);
      return 0;
    }
    // The slot to reuse holds the send `limit` sends ago.
    const at = Math.max(now, window.times[window.next] + PACE_WINDOW_MS);
    window.times[window.next] = at;
    window.next = (window.next + 1) % limit;
    return at - now;
  }
}
