/**
 * Runs async work one task at a time per key, and folds repeated requests
 * for a key that is already waiting into one: what a controller's work
 * queue does.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Set<string>();

  constructor(
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  enqueue(key: string, task: () => Promise<void>): Promise<void> {
    if (this.waiting.has(key)) return this.tails.get(key)!;
    this.waiting.add(key);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      this.waiting.delete(key);
      try {
        await task();
      } catch (error) {
        this.onError(key, error);
      }
    });
    this.tails.set(key, next);
    next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
