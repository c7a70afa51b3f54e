import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type {
  ActionRecord,
  ActionRecordStore,
  ActionRecordTransitionFields,
  ActionStatus,
} from '../actionRecords';
import { backoffDelay } from '../cluster/backoff';
import { redactError } from '../redaction';
import type { DeploymentViews } from '../views/DeploymentViews';
import { viewsAnswerSource, type AnswerSource } from './answerSource';
import { isDeployed } from './deployedMove';
import { DEFAULT_PR_POLL_SECONDS } from './readProgressConfig';
import type { PullRequestReader } from './pullRequests';
import type { AncestryGit } from './revisionReached';

/** The statuses the tracker moves on from. */
const WATCHED: readonly ActionStatus[] = ['pr-open', 'committed', 'merged'];
/** Pull requests read at once in one round. */
const PR_CONCURRENCY = 4;
/** Records read per page (the store's largest). */
const PAGE = 500;
/** Entities checked together, with one read of their records. */
const ENTITIES_PER_CHECK = 100;
/** How long a batch waits for more changed answers before it is read. */
const GATHER_MS = 100;
/** Deployment ids named in one read (bound on the query's parameters). */
const DEPLOYMENTS_PER_READ = 400;
/** See ActionProgressTrackerOptions.retryMs. */
const DEFAULT_RETRY_MS = 5_000;
/**
 * Failed moves after which a batch gives up: with the database down,
 * trying every record of a page would wait out a connection timeout and
 * log a warning per record.
 */
const MOVE_FAILURES_PER_BATCH = 3;
/**
 * Pull requests read per round by default: 50 a minute is 3,000 requests
 * an hour at most, inside GitHub's 5,000 for one token, however many are
 * open. Beyond it, rounds take turns (round-robin by age).
 */
const DEFAULT_PR_READS_PER_ROUND = 50;

export interface ActionProgressTrackerOptions {
  store: ActionRecordStore;
  /** The serving model's views; or give `answers`. */
  views?: Pick<DeploymentViews, 'answer' | 'onAnswerChanged'>;
  /** Any other source of the entities' current answers. */
  answers?: AnswerSource;
  git: AncestryGit;
  /** Reads pull requests; without it `pr-open` records wait for the watch alone. */
  github?: PullRequestReader;
  logger: LoggerService;
  /** Called with the record after each move this process made (signals, audit). */
  onRecordChanged?: (record: ActionRecord) => void | Promise<void>;
  /** Seconds between two rounds of pull request reads and re-checks. Default 60. */
  prPollSeconds?: number;
  /** Pull requests read per round at most; the next round goes on from there. Default 50. */
  prReadsPerRound?: number;
  /**
   * The longest first wait, in ms, before an entity whose check failed (a
   * database error) is checked again: a random wait between half of it and
   * it, doubled per failure in a row, up to the round's period. Default
   * 5,000.
   */
  retryMs?: number;
}

/**
 * The watch path of action records (issue 12): moves `committed` and
 * `merged` records to `deployed` when their deployment's deployed revision
 * reaches the commit, `pr-open` ones to `merged` when GitHub reports the
 * pull request merged (and to `superseded` when it was closed unmerged),
 * and applied cluster actions to `deployed` when they took effect.
 *
 * It checks an entity's records whenever the entity's answer changes, and
 * every `prPollSeconds` reads the open pull requests and re-checks every
 * record it watches (a record committed just after its view changed would
 * otherwise wait for the next change). Each move is a conditional
 * transition, so trackers on several replicas never move a record twice;
 * only the one whose move won calls onRecordChanged.
 */
export class ActionProgressTracker {
  private readonly answers: AnswerSource;
  private readonly pollMs: number;
  private readonly retryMs: number;
  private readonly dirty = new Set<string>();
  private draining?: Promise<void>;
  private polling?: Promise<void>;
  private timer?: NodeJS.Timeout;
  /** Entities whose check failed, with their failures in a row; retried by retryTimer. */
  private readonly failures = new Map<string, number>();
  /** Of `failures`, the entities waiting for retryTimer. */
  private readonly retrying = new Set<string>();
  private retryTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private stopped = false;
  /** Where the next round's pull request reads start (the last one read). */
  private prCursor?: Pick<ActionRecord, 'createdAt' | 'id'>;

  constructor(private readonly options: ActionProgressTrackerOptions) {
    const answers =
      options.answers ??
      (options.views ? viewsAnswerSource(options.views) : undefined);
    if (!answers) {
      throw new Error('ActionProgressTracker needs views or answers');
    }
    this.answers = answers;
    const seconds = options.prPollSeconds ?? DEFAULT_PR_POLL_SECONDS;
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new Error(`prPollSeconds must be above 0, got ${seconds}`);
    }
    this.pollMs = seconds * 1000;
    this.retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    if (!Number.isFinite(this.retryMs) || this.retryMs <= 0) {
      throw new Error(`retryMs must be above 0, got ${this.retryMs}`);
    }
  }

  /** Subscribes to answer changes and starts the periodic round (one now). */
  start(): void {
    if (this.unsubscribe) return;
    this.stopped = false;
    this.unsubscribe = this.answers.subscribe(ref => this.recheckEntity(ref));
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref?.();
    void this.poll();
  }

  /** Stops listening and waits for the checks under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.failures.clear();
    this.retrying.clear();
    this.dirty.clear();
    await Promise.all([this.draining, this.polling]);
  }

  /**
   * Queues a check of the entity's records against its current answer;
   * what the actions service calls after a record reached `committed` or
   * `pr-open`, so a deployment that is already there is seen at once.
   */
  recheckEntity(entityRef: string): void {
    if (this.stopped) return;
    this.dirty.add(entityRef);
    this.drain();
  }

  /** Resolves when the queued entity checks are done (for tests). */
  async idle(): Promise<void> {
    while (this.draining || this.polling) {
      await Promise.all([this.draining, this.polling]);
    }
  }

  private drain() {
    if (this.draining) return;
    this.draining = (async () => {
      try {
        // Checks run one batch at a time; events meanwhile coalesce per
        // entity and join the next batch.
        await Promise.resolve();
        while (this.dirty.size > 0 && !this.stopped) {
          if (this.dirty.size < ENTITIES_PER_CHECK) {
            // Answers change one by one in a cold start: wait for others.
            await new Promise(resolve => setTimeout(resolve, GATHER_MS));
            if (this.stopped) break;
          }
          const refs: string[] = [];
          for (const ref of this.dirty) {
            refs.push(ref);
            if (refs.length === ENTITIES_PER_CHECK) break;
          }
          refs.forEach(ref => this.dirty.delete(ref));
          let failed: readonly string[];
          try {
            failed = await this.checkEntities(refs);
          } catch (error) {
            // The records could not be read, or too many moves failed.
            this.options.logger.warn(
              `GitOps: cannot check the actions of ${describe(refs)}: ${
                redactError(error).message
              }`,
            );
            failed = refs;
          }
          this.retryLater(refs, failed);
        }
      } finally {
        this.draining = undefined;
      }
    })();
  }

  /** Checks the entity's watched records against its answer now; throws if a move failed. */
  async checkEntity(entityRef: string): Promise<void> {
    const failed = await this.checkEntities([entityRef]);
    if (failed.length > 0) {
      throw new Error(`cannot move every action of ${entityRef}`);
    }
  }

  /**
   * Queues the entities whose check failed again, after a wait that
   * doubles with each failure of the same entity in a row (up to the
   * round's period). An entity whose check succeeds starts over. A
   * transient database error then delays a move by seconds, not until the
   * next round.
   */
  private retryLater(checked: readonly string[], failed: readonly string[]) {
    const failedNow = new Set(failed);
    for (const ref of checked) {
      if (!failedNow.has(ref)) this.failures.delete(ref);
    }
    if (failed.length === 0 || this.stopped) return;
    for (const ref of failed) {
      this.failures.set(ref, (this.failures.get(ref) ?? 0) + 1);
      this.retrying.add(ref);
    }
    if (this.retryTimer) return;
    const inARow = Math.max(...failed.map(ref => this.failures.get(ref)!));
    const wait = backoffDelay(inARow - 1, {
      initialMs: this.retryMs,
      maxMs: this.pollMs,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const again = [...this.retrying];
      this.retrying.clear();
      again.forEach(ref => this.recheckEntity(ref));
    }, wait);
    this.retryTimer.unref?.();
  }

  /**
   * Checks the watched records of several entities against their answers,
   * with one read of the records per page: a cold start changes every
   * answer, and a read per entity was 2,000 queries.
   *
   * A record whose move fails is logged and skipped, so it does not hold
   * up the others; returns the entities that had such a record, to be
   * checked again. A failed read, or a third failed move, throws: the
   * whole batch is checked again.
   */
  private async checkEntities(
    entityRefs: readonly string[],
  ): Promise<readonly string[]> {
    const failed = new Set<string>();
    let moveFailures = 0;
    const deploymentsOf = new Map<string, Map<string, Deployment>>();
    const ids = new Set<string>();
    for (const ref of entityRefs) {
      const answer = this.answers.answerFor(ref);
      if (!answer || answer.deployments.length === 0) continue;
      deploymentsOf.set(ref, new Map(answer.deployments.map(d => [d.id, d])));
      answer.deployments.forEach(d => ids.add(d.id));
    }
    const all = [...ids];
    for (
      let i = 0;
      i < all.length && !this.stopped;
      i += DEPLOYMENTS_PER_READ
    ) {
      const deploymentIds = all.slice(i, i + DEPLOYMENTS_PER_READ);
      let after: ActionRecord | undefined;
      for (;;) {
        if (this.stopped) break;
        const page = await this.options.store.listInStatus(WATCHED, {
          deploymentIds,
          after,
        });
        for (const record of page) {
          if (this.stopped) break;
          // Records of an entity not checked now wait for its own check.
          const deployment = deploymentsOf
            .get(record.entityRef)
            ?.get(record.deploymentId);
          if (!deployment) continue;
          try {
            if (await isDeployed(this.options.git, record, deployment)) {
              await this.move(record, 'deployed');
            }
          } catch (error) {
            failed.add(record.entityRef);
            const cause = redactError(error).message;
            if (++moveFailures >= MOVE_FAILURES_PER_BATCH) {
              throw new Error(
                `${moveFailures} moves failed, the last (action ${record.id}): ${cause}`,
              );
            }
            this.options.logger.warn(
              `GitOps: cannot move action ${record.id} of ${record.entityRef} to deployed: ${cause}`,
            );
          }
        }
        if (page.length < PAGE || this.stopped) break;
        after = page[page.length - 1];
      }
    }
    return [...failed];
  }

  /**
   * One round: reads the pull requests of up to prReadsPerRound `pr-open`
   * records (taking turns when more are open), then queues a check of
   * every entity with a watched record. Rounds never overlap.
   */
  poll(): Promise<void> {
    this.polling ??= this.doPoll()
      .catch(error =>
        this.options.logger.warn(
          `GitOps: action progress round failed: ${redactError(error).message}`,
        ),
      )
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  private async doPoll() {
    if (this.options.github) {
      const prs = await this.nextPullRequests();
      let next = 0;
      const worker = async () => {
        while (next < prs.length && !this.stopped) {
          await this.readPullRequest(prs[next++]);
        }
      };
      await Promise.all(Array.from({ length: PR_CONCURRENCY }, worker));
    }
    // Every watched record's entity, page by page.
    let after: ActionRecord | undefined;
    for (;;) {
      const page = await this.options.store.listInStatus(WATCHED, { after });
      for (const ref of new Set(page.map(r => r.entityRef))) {
        this.recheckEntity(ref);
      }
      if (page.length < PAGE || this.stopped) break;
      after = page[page.length - 1];
    }
  }

  /**
   * The `pr-open` records to read this round: up to prReadsPerRound after
   * the last one read, wrapping round to the oldest.
   */
  private async nextPullRequests(): Promise<ActionRecord[]> {
    const { store } = this.options;
    const max = this.options.prReadsPerRound ?? DEFAULT_PR_READS_PER_ROUND;
    const withUrl = (records: ActionRecord[]) => records.filter(r => r.prUrl);
    const chosen = withUrl(
      await store.listInStatus(['pr-open'], {
        after: this.prCursor,
        limit: max,
      }),
    );
    if (chosen.length < max && this.prCursor) {
      const seen = new Set(chosen.map(r => r.id));
      const wrapped = withUrl(
        await store.listInStatus(['pr-open'], { limit: max - chosen.length }),
      );
      chosen.push(...wrapped.filter(r => !seen.has(r.id)));
    }
    const last = chosen[chosen.length - 1];
    this.prCursor = last
      ? { createdAt: last.createdAt, id: last.id }
      : undefined;
    return chosen;
  }

  private async readPullRequest(record: ActionRecord) {
    let pr;
    try {
      pr = await this.options.github!.read(record.prUrl!);
    } catch (error) {
      // GitHub down or rate limited: the next round tries again.
      this.options.logger.warn(
        `GitOps: cannot read ${record.prUrl} of action ${record.id}: ${
          redactError(error).message
        }`,
      );
      return;
    }
    if (pr.merged && pr.mergeCommitSha) {
      // The merge's commit is what reaches the tracked branch, whichever
      // way it was merged: watch for it from now on.
      await this.move(record, 'merged', { resultCommitSha: pr.mergeCommitSha });
    } else if (pr.state === 'closed' && !pr.merged) {
      await this.move(record, 'superseded', {
        error: `Pull request #${pr.number} was closed without being merged; nothing was deployed`,
      });
    }
  }

  private async move(
    record: ActionRecord,
    to: ActionStatus,
    fields: ActionRecordTransitionFields = {},
  ) {
    const { store, logger } = this.options;
    const moved = await store.transition(
      record.id,
      [record.status],
      to,
      fields,
    );
    if (!moved) return; // Another replica (or the actions service) moved it first.
    logger.info(
      `GitOps: action ${record.id} (${record.type} of ${record.deploymentId}) ${record.status} → ${to}`,
    );
    if (this.options.onRecordChanged) {
      // The move is done: a failure from here on must not count as a failed
      // move, whose retry would find nothing left to move or announce.
      try {
        const updated = await store.get(record.id);
        if (updated) await this.options.onRecordChanged(updated);
      } catch (error) {
        logger.warn(
          `GitOps: action ${
            record.id
          } moved to ${to}, but onRecordChanged failed: ${
            redactError(error).message
          }`,
        );
      }
    }
    if (to === 'merged') this.recheckEntity(record.entityRef);
  }
}

/** "3 entities (a, b, c)" for a log line, naming at most three. */
function describe(refs: readonly string[]): string {
  const named = refs.slice(0, 3).join(', ') + (refs.length > 3 ? ', …' : '');
  return `${refs.length} entit${refs.length === 1 ? 'y' : 'ies'} (${named})`;
}
