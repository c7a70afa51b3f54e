import type { LoggerService } from '@backstage/backend-plugin-api';

export interface RecomputeQueueOptions {
  logger: LoggerService;
  /** Builds run at once (they await Git reads, so a few overlap well). */
  concurrency: number;
  relocate: (entityRef: string) => void;
  build: (deploymentKey: string) => Promise<void>;
  assemble: (entityRef: string) => void;
  /**
   * The lane of a build (its repository): while other lanes have builds
   * waiting, at most `laneConcurrency` builds of one lane run at once, so a
   * slow repository (a first read of a large GitHub history) cannot take
   * every worker and hold up the others. Undefined: no lane, no cap.
   */
  laneOf?: (deploymentKey: string) => string | undefined;
  /** Builds of one lane at once; default a quarter of `concurrency`. */
  laneConcurrency?: number;
  /**
   * A build still waiting after this long (a history read on a slow Git
   * server) lets go of its worker and finishes in the background, so the
   * builds queued behind it, which may need nothing slow, go on. Default 2 s.
   */
  detachAfterMs?: number;
  /** Builds let go of at most at once; default 512. */
  maxDetached?: number;
}

/** Synchronous steps run between two yields to the event loop, at most. */
const STEPS_PER_SLICE = 200;
/**
 * ...and for at most this long: a relocation that marks many builds can
 * take a millisecond, so 200 of them were a stall a request could feel.
 */
const SLICE_MS = 20;

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
  /** Builds marked urgent (their inputs just changed): taken first. */
  private readonly toBuildFirst = new Set<string>();
  /** The other marked builds, by lane. */
  private readonly toBuild = new Map<string, Set<string>>();
  private readonly laneOfMarked = new Map<string, string>();
  private readonly runningPerLane = new Map<string, number>();
  private readonly laneConcurrency: number;
  /** Keys being built (by a worker or in the background). */
  private readonly building = new Set<string>();
  /** Keys marked again while being built: built again when that ends. */
  private readonly deferred = new Set<string>();
  private detached = 0;
  private readonly toAssemble = new Set<string>();
  private isOpen = false;
  private workers = 0;
  private steps?: Promise<void>;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: RecomputeQueueOptions) {
    this.laneConcurrency =
      options.laneConcurrency ??
      Math.max(1, Math.floor(options.concurrency / 4));
  }

  get size() {
    return this.toRelocate.size + this.buildsMarked() + this.toAssemble.size;
  }

  /** Whether the deployment's build is running now. */
  isBuilding(deploymentKey: string): boolean {
    return this.building.has(deploymentKey);
  }

  private buildsMarked() {
    return this.toBuildFirst.size + this.laneOfMarked.size;
  }

  open() {
    this.isOpen = true;
    this.kick();
  }

  relocate(entityRef: string) {
    this.toRelocate.add(entityRef);
    this.kick();
  }

  /**
   * Marks a build. `urgent` builds (a push touched their inputs) go before
   * the others, so the one answer a person waits for is not queued behind
   * every other deployment of the repository.
   */
  build(deploymentKey: string, options?: { urgent?: boolean }) {
    if (options?.urgent) {
      this.unmark(deploymentKey);
      this.toBuildFirst.add(deploymentKey);
    } else if (
      !this.toBuildFirst.has(deploymentKey) &&
      !this.laneOfMarked.has(deploymentKey)
    ) {
      const lane = this.options.laneOf?.(deploymentKey) ?? '';
      this.laneOfMarked.set(deploymentKey, lane);
      let keys = this.toBuild.get(lane);
      if (!keys) this.toBuild.set(lane, (keys = new Set()));
      keys.add(deploymentKey);
    }
    this.kick();
  }

  private unmark(deploymentKey: string) {
    const lane = this.laneOfMarked.get(deploymentKey);
    if (lane === undefined) return;
    this.laneOfMarked.delete(deploymentKey);
    const keys = this.toBuild.get(lane);
    keys?.delete(deploymentKey);
    if (keys?.size === 0) this.toBuild.delete(lane);
  }

  /** The next build a worker may run, and its lane; urgent ones first. */
  private takeBuild(): { key: string; lane: string } | undefined {
    const urgent = take(this.toBuildFirst);
    if (urgent !== undefined) {
      return { key: urgent, lane: this.options.laneOf?.(urgent) ?? '' };
    }
    // A lane gets more than its share only when no other lane waits, and
    // never the last worker, which stays free for what arrives meanwhile.
    const caps = [
      this.laneConcurrency,
      Math.max(this.laneConcurrency, this.options.concurrency - 1),
    ];
    for (const cap of caps) {
      for (const [lane, keys] of this.toBuild) {
        if (lane !== '' && this.running(lane) >= cap) continue;
        const key = take(keys)!;
        this.laneOfMarked.delete(key);
        // Round robin: the lane served goes to the back.
        this.toBuild.delete(lane);
        if (keys.size > 0) this.toBuild.set(lane, keys);
        return { key, lane };
      }
    }
    return undefined;
  }

  private running(lane: string) {
    return this.runningPerLane.get(lane) ?? 0;
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
    return (
      this.size === 0 &&
      this.workers === 0 &&
      this.detached === 0 &&
      this.building.size === 0 &&
      !this.steps
    );
  }

  private kick() {
    if (!this.isOpen) return;
    this.runSteps();
    while (
      this.workers < this.options.concurrency &&
      this.buildsMarked() > this.workers
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
        // Nothing may be takeable while builds of full lanes wait; the
        // running builds of those lanes take them when they finish.
        const next = this.takeBuild();
        if (next === undefined) break;
        const { key, lane } = next;
        if (this.building.has(key)) {
          // Never two builds of one key at once: the later one could
          // finish first and be overwritten by the older answer.
          this.deferred.add(key);
          continue;
        }
        await this.runBuild(key, lane);
        // A build whose reads are all in memory resolves in microtasks, so
        // back-to-back builds (a cold start) would otherwise hold the event
        // loop for seconds and stall every request meanwhile.
        await yieldToEventLoop();
      }
    } finally {
      this.workers -= 1;
      this.settle();
    }
  }

  /**
   * Runs one build; resolves when it is done, or when it has waited
   * `detachAfterMs` and goes on in the background without its worker.
   */
  private runBuild(key: string, lane: string): Promise<void> {
    this.building.add(key);
    this.runningPerLane.set(lane, this.running(lane) + 1);
    let attached = true;
    const release = () => {
      const left = this.running(lane) - 1;
      if (left > 0) this.runningPerLane.set(lane, left);
      else this.runningPerLane.delete(lane);
    };
    const done = this.options
      .build(key)
      .catch(error =>
        this.options.logger.warn(`GitOps: view ${key} failed: ${error}`),
      )
      .finally(() => {
        this.building.delete(key);
        if (attached) release();
        else this.detached -= 1;
        if (this.deferred.delete(key)) this.build(key);
        this.runSteps();
        // A lane's slot is free again: workers that found nothing may now.
        this.kick();
        this.settle();
      });
    const detachAfter = this.options.detachAfterMs ?? 2000;
    if (this.detached >= (this.options.maxDetached ?? 512)) return done;
    let timer: NodeJS.Timeout | undefined;
    const letGo = new Promise<void>(resolve => {
      timer = setTimeout(() => {
        if (!this.building.has(key) || !attached) return;
        attached = false;
        this.detached += 1;
        release();
        resolve();
      }, detachAfter);
      timer.unref?.();
    });
    return Promise.race([done, letGo]).finally(() => clearTimeout(timer));
  }

  /** Relocations, then assemblies, in slices; one runner at a time. */
  private runSteps() {
    if (this.steps || !this.isOpen) return;
    if (this.toRelocate.size === 0 && this.toAssemble.size === 0) return;
    this.steps = (async () => {
      await yieldToEventLoop();
      let count = 0;
      let sliceStart = performance.now();
      for (;;) {
        const relocate = take(this.toRelocate);
        const ref = relocate ?? take(this.toAssemble);
        if (ref === undefined) break;
        this.guard(() =>
          relocate !== undefined
            ? this.options.relocate(ref)
            : this.options.assemble(ref),
        );
        if (
          ++count % STEPS_PER_SLICE === 0 ||
          performance.now() - sliceStart > SLICE_MS
        ) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
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
