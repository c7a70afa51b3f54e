import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from './knexType';
import {
  ACTION_STATUSES,
  ActionRecord,
  ActionRecordPage,
  ActionRecordTransitionFields,
  ActionStatus,
  CreateActionRecordInput,
  ListActionRecordsOptions,
} from './types';
import { ALLOWED_TRANSITIONS, isOpenStatus, openKeyFor } from './actionStates';
import { isOpenKeyConflict } from './isOpenKeyConflict';
import { migrateActionRecords } from './migrateActionRecords';
import { decodeCursor, encodeCursor } from './listCursor';
import { ActionRecordRow, fromRow } from './actionRecordRow';

const TABLE = 'gitops_action_records';
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Inserts retried when the open record that blocked one ended meanwhile. */
const CREATE_ATTEMPTS = 5;
/** Stale records claimed per call, so one finisher never takes them all. */
const CLAIM_BATCH = 50;
const OPEN_LIST_LIMIT = 500;

export interface ActionRecordStoreOptions {
  /** The clock; tests move it to age claims. */
  now?: () => Date;
}

/**
 * The durable record of actions, in the plugin's database. Every guarantee
 * (one open action per key, transitions only from given states, a stale
 * record claimed once) is a single conditional statement, so it holds
 * across backend replicas sharing one database; nothing is locked in memory.
 */
export class ActionRecordStore {
  private readonly now: () => Date;

  /** Runs the migrations (unless the database service says to skip them). */
  static async create(
    options: { database: DatabaseService } & ActionRecordStoreOptions,
  ): Promise<ActionRecordStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await migrateActionRecords(knex);
    }
    return new ActionRecordStore(knex, options);
  }

  constructor(
    private readonly knex: Knex,
    options: ActionRecordStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Inserts a `requested` record, or returns the open record already holding
   * its key (`created: false`). The database's UNIQUE index on open_key
   * decides between concurrent callers. The record returned may be another
   * action sharing the key (see isSameAction).
   */
  async createOrGetOpen(
    input: CreateActionRecordInput,
  ): Promise<{ record: ActionRecord; created: boolean }> {
    const openKey = openKeyFor(input.deploymentId, input.type);
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const at = this.now().toISOString();
      const row: ActionRecordRow = {
        id: randomUUID(),
        entity_ref: input.entityRef,
        deployment_id: input.deploymentId,
        type: input.type,
        target_revision: input.targetRevision ?? null,
        commit_sha_target: input.commitShaTarget ?? null,
        reason: input.reason,
        requested_by: input.requestedBy,
        status: 'requested',
        pr_url: null,
        result_commit_sha: null,
        error: null,
        warnings: JSON.stringify(input.warnings ?? []),
        created_at: at,
        updated_at: at,
        claimed_by: input.claimedBy,
        claimed_at: at,
        open_key: openKey,
      };
      try {
        await this.knex(TABLE).insert(row);
        return { record: fromRow(row), created: true };
      } catch (error) {
        if (!isOpenKeyConflict(error)) throw error;
      }
      const open = await this.knex<ActionRecordRow>(TABLE)
        .where({ open_key: openKey })
        .first();
      if (open) return { record: fromRow(open), created: false };
      // The open record ended between our insert and this read: try again.
    }
    throw new Error(
      `Could not open an action record for ${openKey}: the open key kept changing hands`,
    );
  }

  async get(id: string): Promise<ActionRecord | undefined> {
    const row = await this.knex<ActionRecordRow>(TABLE).where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  /** An entity's records, newest first; pass `nextCursor` for the next page. */
  async listForEntity(
    entityRef: string,
    options: ListActionRecordsOptions = {},
  ): Promise<ActionRecordPage> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(
        `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`,
      );
    }
    const query = this.knex<ActionRecordRow>(TABLE).where({
      entity_ref: entityRef,
    });
    if (options.deploymentId !== undefined) {
      query.andWhere({ deployment_id: options.deploymentId });
    }
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor);
      query.andWhere(q =>
        q
          .where('created_at', '<', after.createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', '=', after.createdAt)
              .andWhere('id', '<', after.id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map(fromRow);
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextCursor: encodeCursor(last) }
      : { items };
  }

  /**
   * Every open record (requested, pr-open, committed), oldest first, up to
   * 500: what the API checks for "another open action touches this path".
   */
  async listOpen(
    options: { deploymentIds?: readonly string[] } = {},
  ): Promise<ActionRecord[]> {
    const query = this.knex<ActionRecordRow>(TABLE).whereNotNull('open_key');
    if (options.deploymentIds) {
      query.whereIn('deployment_id', [...options.deploymentIds]);
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(OPEN_LIST_LIMIT);
    return rows.map(fromRow);
  }

  /**
   * Records in one of `statuses`, oldest first (created_at, then id), up to
   * `limit` (1 to 500, default 500), optionally for some deployments and
   * after a record's position (for the next page): what the progress
   * tracker watches (pr-open, committed, merged; a merged record holds no
   * open key, so listOpen misses it).
   */
  async listInStatus(
    statuses: readonly ActionStatus[],
    options: {
      deploymentIds?: readonly string[];
      after?: Pick<ActionRecord, 'createdAt' | 'id'>;
      limit?: number;
    } = {},
  ): Promise<ActionRecord[]> {
    if (statuses.length === 0) return [];
    const limit = Math.min(
      OPEN_LIST_LIMIT,
      Math.max(1, Math.floor(options.limit ?? OPEN_LIST_LIMIT)),
    );
    const query = this.knex<ActionRecordRow>(TABLE).whereIn('status', [
      ...statuses,
    ]);
    if (options.deploymentIds) {
      query.whereIn('deployment_id', [...options.deploymentIds]);
    }
    const after = options.after;
    if (after) {
      query.andWhere(q =>
        q
          .where('created_at', '>', after.createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', '=', after.createdAt)
              .andWhere('id', '>', after.id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(fromRow);
  }

  /**
   * Moves a record to `to` only when its status is one of `from`; answers
   * whether it moved. Ending the record (any status but requested, pr-open
   * and committed) frees its open key in the same statement.
   */
  async transition(
    id: string,
    from: readonly ActionStatus[],
    to: ActionStatus,
    fields: ActionRecordTransitionFields = {},
  ): Promise<boolean> {
    if (!ACTION_STATUSES.includes(to)) {
      throw new Error(`Unknown action status '${to}'`);
    }
    if (from.length === 0) {
      throw new Error('transition needs at least one status to move from');
    }
    for (const status of from) {
      if (!ALLOWED_TRANSITIONS[status]?.includes(to)) {
        throw new Error(
          `An action record may not move from '${status}' to '${to}'`,
        );
      }
    }
    const update: Partial<ActionRecordRow> = {
      status: to,
      updated_at: this.now().toISOString(),
    };
    if (!isOpenStatus(to)) update.open_key = null;
    if (fields.prUrl !== undefined) update.pr_url = fields.prUrl;
    if (fields.resultCommitSha !== undefined) {
      update.result_commit_sha = fields.resultCommitSha;
    }
    if (fields.error !== undefined) update.error = fields.error;
    if (fields.warnings !== undefined) {
      update.warnings = JSON.stringify(fields.warnings);
    }
    const moved = await this.knex(TABLE)
      .where({ id })
      .whereIn('status', [...from])
      .update(update);
    return moved === 1;
  }

  /**
   * Keeps a live process's claim on a `requested` record fresh, so a slow
   * action is not taken for a dead one. False when the claim was lost.
   */
  async renewClaim(id: string, processId: string): Promise<boolean> {
    const at = this.now().toISOString();
    const moved = await this.knex(TABLE)
      .where({ id, status: 'requested', claimed_by: processId })
      .update({ claimed_at: at, updated_at: at });
    return moved === 1;
  }

  /**
   * Claims `requested` records whose claim is older than `olderThanMs` (their
   * process died or stalled) for `processId` to finish or fail. Each record
   * is taken with a compare-and-set on its previous claim, so of concurrent
   * claimers exactly one gets it. Answers the records now claimed.
   */
  async claimStale(
    olderThanMs: number,
    processId: string,
  ): Promise<ActionRecord[]> {
    if (!Number.isFinite(olderThanMs) || olderThanMs < 0) {
      throw new Error(`olderThanMs must be 0 or more, got ${olderThanMs}`);
    }
    const now = this.now();
    const bound = new Date(now.getTime() - olderThanMs).toISOString();
    const candidates = await this.knex<ActionRecordRow>(TABLE)
      .where({ status: 'requested' })
      .andWhere(q =>
        q.whereNull('claimed_at').orWhere('claimed_at', '<', bound),
      )
      .orderBy('created_at', 'asc')
      .limit(CLAIM_BATCH);
    const at = now.toISOString();
    const claimed: ActionRecord[] = [];
    for (const row of candidates) {
      const query = this.knex(TABLE).where({ id: row.id, status: 'requested' });
      if (row.claimed_at === null) query.whereNull('claimed_at');
      else query.andWhere({ claimed_at: row.claimed_at });
      if (row.claimed_by === null) query.whereNull('claimed_by');
      else query.andWhere({ claimed_by: row.claimed_by });
      const moved = await query.update({
        claimed_by: processId,
        claimed_at: at,
        updated_at: at,
      });
      if (moved === 1) {
        claimed.push(
          fromRow({
            ...row,
            claimed_by: processId,
            claimed_at: at,
            updated_at: at,
          }),
        );
      }
    }
    return claimed;
  }
}
