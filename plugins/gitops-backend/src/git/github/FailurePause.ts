/**
 * How long a failing store (the shared cache, the database) is left alone
 * after a failure, so that reads from GitHub never wait on it: `firstMs`,
 * doubling with each failure in a row up to `maxMs` (the same as `firstMs`
 * when not given: a constant pause).
 */
export class FailurePause {
  private until = 0;
  private failures = 0;

  constructor(
    private readonly options: {
      firstMs: number;
      maxMs?: number;
      now: () => number;
    },
  ) {}

  get active(): boolean {
    return this.options.now() < this.until;
  }

  /**
   * Records a failure. Answers the pause it starts in ms, or undefined
   * when one is running (the failure is not counted twice).
   */
  failed(): number | undefined {
    if (this.active) return undefined;
    this.failures += 1;
    const { firstMs, maxMs = firstMs } = this.options;
    const pauseMs = Math.min(
      maxMs,
      firstMs * 2 ** Math.min(this.failures - 1, 10),
    );
    this.until = this.options.now() + pauseMs;
    return pauseMs;
  }

  succeeded(): void {
    this.failures = 0;
  }
}
