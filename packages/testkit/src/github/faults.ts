import { GitHubError } from './errors';

/** A failure the facade answers with instead of the real response. */
export interface Fault {
  /** 403 means the primary rate limit; 429 the secondary one; 5xx a server error. */
  status: 403 | 429 | 500 | 502 | 503 | 504;
  /** How many matching requests fail; default 1. Use Infinity until clearFaults(). */
  times?: number;
  /** Only requests whose method matches. */
  method?: string;
  /** Only requests whose path (without query) matches. */
  path?: string | RegExp;
}

/** Armed faults, consumed in order by matching requests. */
export class FaultSwitch {
  private faults: Array<Fault & { left: number }> = [];

  inject(fault: Fault) {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
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
    const fault = this.faults.find(
      f =>
        f.left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path ||
          (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    this.faults = this.faults.filter(f => f.left > 0);
    switch (fault.status) {
      case 403:
        return new GitHubError(
          403,
          "API rate limit exceeded for installation. (But here's the good news: Authenticated requests get a higher rate limit.)",
          {},
          {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(rateLimitReset),
          },
        );
      case 429:
        return new GitHubError(
          429,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          {},
          { 'retry-after': '60' },
        );
      default:
        return new GitHubError(fault.status, 'Server Error');
    }
  }
}
