import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type {
  DriftState,
  LedgerEvent,
} from '@gitops-console/plugin-gitops-common';
import type { Knex } from '../actionRecords/knexType';
import { decodeCursor, encodeCursor } from '../actionRecords/listCursor';
import { ledgerEventKey } from './ledgerEventKey';
import { fromLedgerRow, toLedgerRow, type LedgerRow } from './ledgerRow';
import type { LedgerEventInput, ListLedgerOptions } from './types';

const TABLE = 'gitops_ledger_events';
const DEFAULT_LIMIT = 50;
const CHUNK = 200;
const ID_CHUNK = 500;
const MAX_LIMIT = 500;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The deployment ledger's table. Appending is idempotent by event key (a
 * UNIQUE index, so replicas and restarts never duplicate an event); nothing
 * is locked in memory.
 */
export class LedgerStore {
  constructor(private readonly knex: Knex) {}

  /** Appends the events not stored yet; answers how many were new. */
  async append(events: readonly LedgerEventInput[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows = events.map(e =>
      toLedgerRow(randomUUID(), ledgerEventKey(e), e),
    );
    let added = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      added += await this.appendChunk(rows.slice(i, i + CHUNK));
    }
    return added;
  }

  /**
   * A restart derives every deployment's seeded history again, so most
   * events of a start-up are stored already: one read drops those, and the
   * rest go in one multi-row insert. The unique key still decides between
   * writers racing on the same event, and RETURNING (PostgreSQL, SQLite)
   * names only the rows this insert added.
   */
  private async appendChunk(rows: LedgerRow[]): Promise<number> {
    const stored = new Set<string>(
      await this.knex(TABLE)
        .whereIn(
          'event_key',
          rows.map(r => r.event_key),
        )
        .pluck('event_key'),
    );
    const fresh = new Map<string, LedgerRow>();
    for (const row of rows) {
      if (!stored.has(row.event_key) && !fresh.has(row.event_key)) {
        fresh.set(row.event_key, row);
      }
    }
    if (fresh.size === 0) return 0;
    const inserted = await this.knex(TABLE)
      .insert([...fresh.values()])
      .onConflict('event_key')
      .ignore()
      .returning('id');
    return inserted.length;
  }

  /** Events newest first (by occurredAt, then id); pass nextCursor on. */
  async list(
    options: ListLedgerOptions = {},
  ): Promise<{ items: LedgerEvent[]; nextCursor?: string }> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(
        `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`,
      );
    }
    for (const [name, value] of [
      ['from', options.from],
      ['to', options.to],
    ] as const) {
      if (value !== undefined && !isUtcTime(value)) {
        throw new InputError(
          `${name} must be an ISO 8601 UTC time such as 2026-11-01T00:00:00Z, got '${value}'`,
        );
      }
    }
    const query = this.knex<LedgerRow>(TABLE);
    if (options.deploymentIds) {
      if (options.deploymentIds.length === 0) return { items: [] };
      query.whereIn('deployment_id', [...options.deploymentIds]);
    }
    if (options.environment !== undefined) {
      query.andWhere({ environment: options.environment });
    }
    if (options.from) query.andWhere('occurred_at', '>=', iso(options.from));
    if (options.to) query.andWhere('occurred_at', '<=', iso(options.to));
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor);
      query.andWhere(q =>
        q
          .where('occurred_at', '<', after.createdAt)
          .orWhere(q2 =>
            q2
              .where('occurred_at', '=', after.createdAt)
              .andWhere('id', '<', after.id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map(fromLedgerRow);
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? {
          items,
          nextCursor: encodeCursor({ createdAt: last.occurredAt, id: last.id }),
        }
      : { items };
  }

  /**
   * Every event of the deployments that occurred in [from, to], oldest
   * first: what the delivery metrics are computed from.
   */
  async eventsBetween(
    deploymentIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    // Bounded IN lists: SQLite limits the variables of one statement.
    for (let i = 0; i < deploymentIds.length; i += ID_CHUNK) {
      const rows = await this.knex<LedgerRow>(TABLE)
        .whereIn('deployment_id', deploymentIds.slice(i, i + ID_CHUNK))
        .andWhere('occurred_at', '>=', from.toISOString())
        .andWhere('occurred_at', '<=', to.toISOString())
        .orderBy([
          { column: 'occurred_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      events.push(...rows.map(fromLedgerRow));
    }
    return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  }

  /**
   * Each deployment's drift state as its last recorded `drift` event says
   * (the newest by observedAt: occurredAt mixes the CD tool's times with
   * observation times, so it does not order recordings); deployments
   * without one are absent.
   */
  async latestDriftStates(
    deploymentIds: readonly string[],
  ): Promise<Map<string, DriftState>> {
    const latest = new Map<string, DriftState>();
    for (let i = 0; i < deploymentIds.length; i += ID_CHUNK) {
      const rows: Array<Pick<LedgerRow, 'deployment_id' | 'drift_after'>> =
        await this.knex(`${TABLE} as e`)
          .select('e.deployment_id', 'e.drift_after')
          .where('e.transition', 'drift')
          .whereIn('e.deployment_id', deploymentIds.slice(i, i + ID_CHUNK))
          .andWhere(
            'e.observed_at',
            '=',
            this.knex(`${TABLE} as l`)
              .max('l.observed_at')
              .where('l.transition', 'drift')
              .andWhereRaw('?? = ??', ['l.deployment_id', 'e.deployment_id']),
          );
      for (const row of rows) {
        if (row.drift_after) {
          latest.set(row.deployment_id, row.drift_after as DriftState);
        }
      }
    }
    return latest;
  }

  /** Deletes events that occurred before `before`; answers how many. */
  async deleteOlderThan(before: Date): Promise<number> {
    return this.knex(TABLE)
      .where('occurred_at', '<', before.toISOString())
      .delete();
  }
}

/**
 * A UTC time in the ISO 8601 form this API takes, and a real one: the
 * pattern alone lets through 2026-13-45T99:00:00Z, which Date cannot read.
 */
function isUtcTime(value: string): boolean {
  if (!ISO_TIME.test(value)) return false;
  const time = Date.parse(value);
  // Date rolls 2026-02-31 over into March; the day it names must exist.
  return (
    !Number.isNaN(time) &&
    new Date(time).toISOString().slice(0, 19) === value.slice(0, 19)
  );
}

/** Stored times are toISOString's fixed width, so bounds are written alike. */
function iso(value: string): string {
  return new Date(value).toISOString();
}
