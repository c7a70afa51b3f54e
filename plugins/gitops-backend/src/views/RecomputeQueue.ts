import type { LoggerService } from '@backstage/backend-plugin-api';

export interface RecomputeQueueOptions {
  logger: LoggerService;
  /** Builds run at once (they await Git reads, so a few overlap well). */
  concurrency: number;
  /** Builds taken per round, so answers appear while a cold start goes on. */
  batchSize?: number;
  relocate: (entityRef: string) => void;
  build: (deploymentKey: string) => Promise<void>;
  assemble: (entityRef: string) => void;
}

/**
 * The marked views and one background loop that rebuilds them. A key marked
 * twice before its turn is rebuilt once, so a burst of watch events (a sync
 * touches a CR several times a second) costs one build. Each round
 * relocates entities, builds deployments, then re-assembles the answers of
 * the entities those deployments belong to.
 */
export class RecomputeQueue {
  private readonly toRelocate = new Set<string>();
  private readonly toBuild = new Set<string>();
  private readonly toAssemble = new Set<string>();
  private isOpen = false;
  private running?: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: RecomputeQueueOptions) {}

  get size() {
    return this.toRelocate.size + this.toBuild.size + this.toAssemble.size;
  }

  open() {
    this.isOpen = true;
    this.kick();
  }

  relocate(entityRef: string) {
    this.toRelocate.add(entityRef);
    this.kick();
  }

  build(deploymentKey: string) {
    this.toBuild.add(deploymentKey);
    this.kick();
  }

  assemble(entityRef: string) {
    this.toAssemble.add(entityRef);
    this.kick();
  }

  /** Resolves once nothing is marked and no round runs. */
  idle(): Promise<void> {
    if (!this.running && this.size === 0) return Promise.resolve();
    return new Promise(resolve => this.waiters.push(resolve));
  }

  private kick() {
    if (!this.isOpen || this.running) return;
    // Marks made in the same tick join this round.
    this.running = new Promise<void>(resolve => setImmediate(resolve))
      .then(() => this.drain())
      .catch(error =>
        this.options.logger.error(`GitOps view rebuild failed: ${error}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.size > 0) this.kick();
        else {
          const waiters = this.waiters;
          this.waiters = [];
          waiters.forEach(w => w());
        }
      });
  }

  private async drain() {
    const batchSize = this.options.batchSize ?? 500;
    while (this.size > 0) {
      for (const ref of take(this.toRelocate, Infinity)) {
        this.guard(() => this.options.relocate(ref));
      }
      const batch = take(this.toBuild, batchSize);
      await runLimited(batch, this.options.concurrency, key =>
        this.options
          .build(key)
          .catch(error =>
            this.options.logger.warn(`GitOps: view ${key} failed: ${error}`),
          ),
      );
      if (this.toRelocate.size > 0) continue;
      for (const ref of take(this.toAssemble, Infinity)) {
        this.guard(() => this.options.assemble(ref));
      }
    }
  }

  private guard(step: () => void) {
    try {
      step();
    } catch (error) {
      this.options.logger.warn(`GitOps view step failed: ${error}`);
    }
  }
}

function take(set: Set<string>, max: number): string[] {
  const items: string[] = [];
  for (const item of set) {
    if (items.length >= max) break;
    items.push(item);
  }
  for (const item of items) set.delete(item);
  return items;
}

async function runLimited<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
}
