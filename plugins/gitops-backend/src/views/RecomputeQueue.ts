import type { LoggerService } from '@backstage/backend-plugin-api';

export interface RecomputeQueueOptions {
  logger: LoggerService;
  /** Builds run at once (they await Git reads, so a few overlap well). */
  concurrency: number;
  relocate: (entityRef: string) => void;
  build: (deploymentKey: string) => Promise<void>;
  assemble: (entityRef: string) => void;
}

/** Synchronous steps run between two yields to the event loop. */
const STEPS_PER_SLICE = 200;

const yieldToEventLoop = () => new Promise<void>(r => setImmediate(r));

/**
 * The marked views and the background work that rebuilds them. A key marked
 * twice before its turn is rebuilt once, so a burst of watch events (a sync
 * touches a CR several times a second) costs one build.
 *
 * Builds run on a few workers; whenever one finishes, pending relocations
 * and then the answers it affects are done at once, so one slow build (a
 * first read of a slow Git server) never holds up other answers. The
 * synchronous steps yield to the event loop every few hundred, so a cluster
 * flap that marks every entity does not stall requests.
 */
export class RecomputeQueue {
  private readonly toRelocate = new Set<string>();
  private readonly toBuild = new Set<string>();
  private readonly toAssemble = new Set<string>();
  private isOpen = false;
  private workers = 0;
  private steps?: Promise<void>;
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

  /** Resolves once nothing is marked and nothing runs. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise(resolve => this.waiters.push(resolve));
  }

  private isIdle() {
    return this.size === 0 && this.workers === 0 && !this.steps;
  }

  private kick() {
    if (!this.isOpen) return;
    this.runSteps();
    while (
      this.workers < this.options.concurrency &&
      this.toBuild.size > this.workers
    ) {
      this.workers += 1;
      void this.worker();
    }
  }

  private async worker() {
    try {
      // Let marks made in the same tick join before the first build.
      await yieldToEventLoop();
      for (;;) {
        const key = take(this.toBuild);
        if (key === undefined) break;
        await this.options
          .build(key)
          .catch(error =>
            this.options.logger.warn(`GitOps: view ${key} failed: ${error}`),
          );
        this.runSteps();
      }
    } finally {
      this.workers -= 1;
      this.settle();
    }
  }

  /** Relocations, then assemblies, in slices; one runner at a time. */
  private runSteps() {
    if (this.steps || !this.isOpen) return;
    if (this.toRelocate.size === 0 && this.toAssemble.size === 0) return;
    this.steps = (async () => {
      await yieldToEventLoop();
      let count = 0;
      for (;;) {
        const relocate = take(this.toRelocate);
        const ref = relocate ?? take(this.toAssemble);
        if (ref === undefined) break;
        this.guard(() =>
          relocate !== undefined
            ? this.options.relocate(ref)
            : this.options.assemble(ref),
        );
        if (++count % STEPS_PER_SLICE === 0) await yieldToEventLoop();
      }
    })().finally(() => {
      this.steps = undefined;
      // Relocations may have marked builds; assemblies may be due again.
      this.kick();
      this.settle();
    });
  }

  private settle() {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(w => w());
  }

  private guard(step: () => void) {
    try {
      step();
    } catch (error) {
      this.options.logger.warn(`GitOps view step failed: ${error}`);
    }
  }
}

function take(set: Set<string>): string | undefined {
  for (const item of set) {
    set.delete(item);
    return item;
  }
  return undefined;
}
