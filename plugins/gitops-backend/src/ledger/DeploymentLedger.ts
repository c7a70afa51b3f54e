import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { DeploymentBuiltListener } from '../views/DeploymentViews';
import { isLedgerWorthy, ledgerEventsFor } from './ledgerEventsFor';
import type { LedgerStore } from './LedgerStore';
import type { LedgerEventInput } from './types';

/** Events kept for a retry while the database cannot be written. */
const MAX_UNWRITTEN = 20_000;
/**
 * How long events wait for others to join their write. Builds hand over a
 * few events each, so without it a cold start's 12,000 first sights were
 * thousands of two-query writes, a tenth of the restart's CPU.
 */
const BATCH_WAIT_MS = 100;

export interface DeploymentLedgerOptions {
  store: LedgerStore;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Turns successive builds of each deployment view into ledger events and
 * appends them in order, one write at a time, each with the events that
 * came in the short while before it. It compares with the last
 * build that described the cluster (not our own failure to read Git), so a
 * Git hiccup is not a transition. Events a failed write could not store
 * are retried with the next write, up to a bound.
 */
export class DeploymentLedger {
  private readonly last = new Map<string, Deployment>();
  private unwritten: LedgerEventInput[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private dropped = 0;
  /** A write is waiting for more events: new ones join it. */
  private gathering = false;

  constructor(private readonly options: DeploymentLedgerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The listener to give DeploymentViews.onDeploymentBuilt. */
  readonly onBuilt: DeploymentBuiltListener = (key, _p, next, entityRefs) => {
    if (!isLedgerWorthy(next)) return;
    const previous = this.last.get(key);
    this.last.set(key, next);
    const events = ledgerEventsFor(previous, next, {
      entityRefs: [...entityRefs],
      observedAt: this.now().toISOString(),
    });
    if (events.length > 0) this.enqueue(events);
  };

  /** Resolves when every event handed over so far was written (or failed). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private enqueue(events: LedgerEventInput[]) {
    this.unwritten.push(...events);
    if (this.unwritten.length > MAX_UNWRITTEN) {
      const excess = this.unwritten.length - MAX_UNWRITTEN;
      this.unwritten.splice(0, excess);
      this.dropped += excess;
    }
    if (this.gathering) return;
    this.gathering = true;
    this.writing = this.writing
      .then(() => new Promise(resolve => setTimeout(resolve, BATCH_WAIT_MS)))
      .then(() => {
        this.gathering = false;
        return this.write();
      });
  }

  /**
   * A first sight (this process's first build of a deployment, as after a
   * restart) records the drift state with nothing before it. When the
   * ledger already holds that state as the deployment's last, nothing
   * changed and the event is dropped: its key differs from the first
   * sight's once the revision moved on, so the store alone would keep it.
   * A state that changed while no process watched is recorded, with the
   * stored state before it.
   */
  private async withoutRepeatedStates(
    batch: LedgerEventInput[],
  ): Promise<LedgerEventInput[]> {
    const isFirstSight = (e: LedgerEventInput) =>
      e.transition === 'drift' && e.driftBefore === undefined;
    const ids = [
      ...new Set(batch.filter(isFirstSight).map(e => e.deploymentId)),
    ];
    if (ids.length === 0) return batch;
    const stored = await this.options.store.latestDriftStates(ids);
    return batch.flatMap(e => {
      const before = isFirstSight(e) ? stored.get(e.deploymentId) : undefined;
      if (before === undefined) return [e];
      if (before === e.driftAfter) return [];
      return [{ ...e, driftBefore: before }];
    });
  }

  private async write() {
    if (this.unwritten.length === 0) return;
    const batch = this.unwritten;
    this.unwritten = [];
    try {
      await this.options.store.append(await this.withoutRepeatedStates(batch));
    } catch (error) {
      this.unwritten = [...batch, ...this.unwritten].slice(-MAX_UNWRITTEN);
      this.options.logger.warn(
        `GitOps ledger: could not write ${
          batch.length
        } event(s), kept for the next write: ${(error as Error).message}${
          this.dropped ? ` (${this.dropped} dropped so far)` : ''
        }`,
      );
    }
  }
}
