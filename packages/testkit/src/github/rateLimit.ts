/** GitHub's primary rate limit for the core resource, as a counter. */
export class RateLimit {
  limit = 5000;
  used = 0;
  /** Epoch seconds when the window resets. */
  resetAt = RateLimit.nextReset();

  private static nextReset() {
    return Math.floor(Date.now() / 1000) + 3600;
  }

  get remaining() {
    return Math.max(0, this.limit - this.used);
  }

  /** Sets the state for a test, e.g. { remaining: 0 } to exhaust the quota. */
  set(state: { limit?: number; remaining?: number; resetAt?: number }) {
    if (state.limit !== undefined) this.limit = state.limit;
    if (state.remaining !== undefined) this.used = this.limit - state.remaining;
    if (state.resetAt !== undefined) this.resetAt = state.resetAt;
  }

  private rollWindow() {
    if (Date.now() / 1000 >= this.resetAt) {
      this.used = 0;
      this.resetAt = RateLimit.nextReset();
    }
  }

  /** Counts one request; false when the quota is exhausted. */
  take(): boolean {
    this.rollWindow();
    if (this.remaining === 0) return false;
    this.used += 1;
    return true;
  }

  headers(): Record<string, string> {
    this.rollWindow();
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(this.remaining),
      'x-ratelimit-reset': String(this.resetAt),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-resource': 'core',
    };
  }
}
