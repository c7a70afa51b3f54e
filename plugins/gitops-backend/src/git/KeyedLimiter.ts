/**
 * Runs at most `concurrency` tasks at a time per key (a repository), queuing
 * the rest in order. Idle keys are forgotten, so memory follows the number of
 * repositories in use.
 */
export class KeyedLimiter {
  private readonly slots = new Map<
    string,
    { running: number; queue: Array<() => void> }
  >();

  constructor(private readonly concurrency: number) {
    if (!(concurrency >= 1)) {
      throw new Error(`concurrency must be at least 1, got ${concurrency}`);
    }
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { running: 0, queue: [] };
      this.slots.set(key, slot);
    }
    if (slot.running >= this.concurrency) {
      const queued = slot;
      await new Promise<void>(resolve => queued.queue.push(resolve));
    } else {
      slot.running += 1;
    }
    try {
      return await task();
    } finally {
      // A queued task inherits the slot; the count only drops when none waits.
      const next = slot.queue.shift();
      if (next) {
        next();
      } else {
        slot.running -= 1;
        if (slot.running === 0) {
          this.slots.delete(key);
        }
      }
    }
  }

  /** Tasks running or queued for a key. */
  pending(key: string): number {
    const slot = this.slots.get(key);
    return slot ? slot.running + slot.queue.length : 0;
  }
}

/**
 * Shares one in-flight promise among concurrent callers with the same key,
 * so identical requests made at once cost one upstream call.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) {
      return existing;
    }
    const promise = task().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }

  /** Settles when the call running for the key (if any) has settled. */
  async wait(key: string): Promise<void> {
    await this.running.get(key)?.catch(() => undefined);
  }
}
