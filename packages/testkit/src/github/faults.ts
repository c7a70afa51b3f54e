import { GitHubError } from './errors';

/** A failure the facade answers with instead of the real response. */
export interface Fault {
  /**
   * 403 means the primary rate limit; 429 the secondary one; 5xx a server
   * error; 'reset' closes the connection with a TCP reset and no answer.
   */
  status: 403 | 429 | 500 | 502 | 503 | 504 | 'reset';
  /**
   * How many matching requests fail; default 1, or unlimited with `forMs`.
   * Use Infinity until clearFaults().
   */
  times?: number;
  /**
   * A burst: matching requests fail for this many milliseconds after the
   * fault is injected (or until `times` ran out, whichever comes first).
   */
  forMs?: number;
  /** The `retry-after` header in seconds: a 429's (default 60) or a 5xx's. */
  retryAfterSeconds?: number;
  /**
   * A 403's `x-ratelimit-reset`, as seconds from the injection; default
   * the end of the facade's rate-limit window.
   */
  resetInSeconds?: number;
  /** Only requests whose method matches. */
  method?: string;
  /** Only requests whose path (without query) matches. */
  path?: string | RegExp;
}

/** The facade's answer to a 'reset' fault: the connection is cut. */
export class ConnectionReset extends GitHubError {
  constructor() {
    super(0, 'connection reset by the facade (fault)');
    this.name = 'ConnectionReset';
  }
}

interface ArmedFault extends Fault {
  left: number;
  /** Epoch ms after which the fault no longer matches. */
  endsAt: number;
  /** Epoch seconds of a 403's reset, fixed when injected (like GitHub's). */
  resetAt?: number;
}

/** Armed faults, consumed in order by matching requests. */
export class FaultSwitch {
  private faults: ArmedFault[] = [];

  inject(fault: Fault) {
    const endsAt =
      fault.forMs === undefined ? Infinity : Date.now() + fault.forMs;
    const times =
      fault.times ?? (fault.forMs === undefined ? 1 : Number.POSITIVE_INFINITY);
    const resetAt =
      fault.resetInSeconds === undefined
        ? undefined
        : Math.ceil(Date.now() / 1000 + fault.resetInSeconds);
    this.faults.push({ ...fault, left: times, endsAt, resetAt });
  }

  clear() {
    this.faults = [];
  }

  /** The error for this request when a fault is armed for it. */
  take(
    method: string,
    path: string,
    rateLimitReset: number,
  ): GitHubError | undefined {
    const now = Date.now();
    this.faults = this.faults.filter(f => f.left > 0 && f.endsAt > now);
    const fault = this.faults.find(
      f =>
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path ||
          (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    const retryAfter: Record<string, string> =
      fault.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(fault.retryAfterSeconds) };
    switch (fault.status) {
      case 'reset':
        return new ConnectionReset();
      case 403:
        return new GitHubError(
          403,
          "API rate limit exceeded for installation. (But here's the good news: Authenticated requests get a higher rate limit.)",
          {},
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(fault.resetAt ?? rateLimitReset),
          },
        );
      case 429:
        return new GitHubError(
          429,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          {},
          { 'retry-after': '60', ...retryAfter },
        );
      default:
        return new GitHubError(fault.status, 'Server Error', {}, retryAfter);
    }
  }
}
