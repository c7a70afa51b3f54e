import { randomUUID } from 'node:crypto';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { ActionRecord, ActionRecordStore } from '../actionRecords';
import { redactError } from '../redaction';
import { DEFAULT_STALE_AFTER_SECONDS } from './readProgressConfig';
import { withClaimRenewal } from './withClaimRenewal';

export const STALE_ACTION_FINISHER_TASK_ID = 'gitops-stale-action-finisher';

export interface StaleActionFinisherOptions {
  store: ActionRecordStore;
  scheduler: SchedulerService;
  /**
   * Carries the action out again and moves the record on (`committed`,
   * `pr-open`, or `failed`). The Git writers find an earlier attempt's
   * commit by its `GitOps-Console-Action` trailer, so this never writes twice.
   */
  execute: (record: ActionRecord) => Promise<void>;
  /** A claim older than this is taken over. Default 60. */
  staleAfterSeconds?: number;
  /**
   * A record requested longer ago than this is failed instead of executed
   * again (its action is too old to carry out unseen). Default ten times
   * staleAfterSeconds.
   */
  giveUpAfterSeconds?: number;
  logger: LoggerService;
  /** This process's claim name; default `finisher-<uuid>`. */
  processId?: string;
  /** Called with the record after the finisher failed it. */
  onRecordChanged?: (record: ActionRecord) => void | Promise<void>;
  /** The clock, as the store's; tests move both. */
  now?: () => Date;
}

export interface StaleActionRound {
  /** Records executed again (execute moved them on). */
  finished: string[];
  /** Records the finisher failed, with the cause. */
  failed: string[];
}

export interface StaleActionFinisher {
  readonly taskId: string;
  readonly processId: string;
  /** One round now (the scheduled task runs the same). */
  runOnce(): Promise<StaleActionRound>;
}

/**
 * Finishes records that a process left `requested` when it died: every
 * half bound, a task of `coreServices.scheduler` (global scope, so on
 * PostgreSQL one replica at a time runs it) claims the stale ones
 * (claimStale: a compare-and-set per record, so two finishers never get
 * the same one) and runs `execute` on each while renewing the claim. A
 * record `execute` leaves `requested`, or one it throws on, ends `failed`
 * with the cause. A record is therefore finished or failed within
 * staleAfterSeconds plus half of it, plus the time `execute` takes.
 */
export async function createStaleActionFinisher(
  options: StaleActionFinisherOptions,
): Promise<StaleActionFinisher> {
  const { store, scheduler, logger } = options;
  const staleAfterSeconds =
    options.staleAfterSeconds ?? DEFAULT_STALE_AFTER_SECONDS;
  if (!Number.isFinite(staleAfterSeconds) || staleAfterSeconds <= 0) {
    throw new Error(
      `staleAfterSeconds must be above 0, got ${staleAfterSeconds}`,
    );
  }
  const staleMs = staleAfterSeconds * 1000;
  const giveUpMs =
    (options.giveUpAfterSeconds ?? staleAfterSeconds * 10) * 1000;
  const processId = options.processId ?? `finisher-${randomUUID()}`;
  const now = options.now ?? (() => new Date());

  const fail = async (record: ActionRecord, cause: string) => {
    const moved = await store.transition(record.id, ['requested'], 'failed', {
      error: cause,
    });
    if (!moved) return false;
    logger.warn(`GitOps: action ${record.id} failed: ${cause}`);
    const updated = await store.get(record.id);
    if (updated) await options.onRecordChanged?.(updated);
    return true;
  };

  const finish = async (record: ActionRecord, round: StaleActionRound) => {
    const age = now().getTime() - Date.parse(record.createdAt);
    if (age > giveUpMs) {
      if (
        await fail(
          record,
          `The process carrying the action out stopped, and it is ${Math.round(
            age / 1000,
          )} s old (more than ${giveUpMs / 1000} s): it was not tried again`,
        )
      ) {
        round.failed.push(record.id);
      }
      return;
    }
    try {
      await withClaimRenewal(
        store,
        record.id,
        processId,
        () => options.execute(record),
        { everyMs: staleMs / 3 },
      );
    } catch (error) {
      if (
        await fail(
          record,
          `The process carrying the action out stopped, and finishing it failed: ${
            redactError(error).message
          }`,
        )
      ) {
        round.failed.push(record.id);
      }
      return;
    }
    const after = await store.get(record.id);
    if (after?.status !== 'requested') {
      round.finished.push(record.id);
      logger.info(
        `GitOps: finished action ${record.id} left by a stopped process (${after?.status})`,
      );
    } else if (
      await fail(
        record,
        'The process carrying the action out stopped, and finishing it left it unfinished',
      )
    ) {
      round.failed.push(record.id);
    }
  };

  const runOnce = async (): Promise<StaleActionRound> => {
    const round: StaleActionRound = { finished: [], failed: [] };
    const claimed = await store.claimStale(staleMs, processId);
    for (const record of claimed) {
      try {
        await finish(record, round);
      } catch (error) {
        // The database failed mid-way: the claim ages and is taken again.
        logger.warn(
          `GitOps: cannot finish action ${record.id}: ${
            redactError(error).message
          }`,
        );
      }
    }
    return round;
  };

  await scheduler.scheduleTask({
    id: STALE_ACTION_FINISHER_TASK_ID,
    scope: 'global',
    frequency: { seconds: Math.max(1, Math.ceil(staleAfterSeconds / 2)) },
    timeout: { seconds: Math.max(300, staleAfterSeconds * 5) },
    fn: async () => {
      await runOnce();
    },
  });

  return { taskId: STALE_ACTION_FINISHER_TASK_ID, processId, runOnce };
}
