import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  deliveryMetrics,
  METRIC_WINDOWS_DAYS,
  redactValue,
  type Deployment,
  type DeliveryMetrics,
  type EntityHistoryResponse,
  type EntityMetricsResponse,
  type FleetMetricsResponse,
  type FleetQuery,
  type LedgerEvent,
  type LedgerResponse,
  type MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';
import type { GitService } from '../git';
import { toCommitSummary } from '../deployments/commitSummary';
import { commitTimesOf } from './commitTimesOf';
import { ledgerHistoryBeyondCr } from './ledgerHistory';
import type { LedgerStore } from './LedgerStore';
import type { ListLedgerOptions } from './types';

const DAY = 86_400_000;

/** Rollback and revert-commit requests, for the change failure rate. */
export type RollbacksOf = (
  deploymentIds: readonly string[],
  from: Date,
  to: Date,
) => Promise<Array<{ deploymentId: string; createdAt: string }>>;

export interface LedgerServiceOptions {
  store: LedgerStore;
  /** The entity's current deployments, as its (redacted) answer has them. */
  deploymentsOf: (entity: Entity) => Promise<Deployment[]>;
  /** The fleet rows the caller may read that the filters match. */
  fleetRows: (
    q: FleetQuery,
    credentials: BackstageCredentials,
  ) => Promise<Array<Deployment & { owner?: string }>>;
  git: Pick<GitService, 'line' | 'indexedCommit'>;
  rollbacks?: RollbacksOf;
  now?: () => Date;
}

/** Reads of the ledger and the delivery metrics, scoped like the read path. */
export class LedgerService {
  private readonly now: () => Date;

  constructor(private readonly options: LedgerServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async forEntity(
    entity: Entity,
    options: Omit<ListLedgerOptions, 'deploymentIds'>,
  ): Promise<LedgerResponse & { entityRef: string }> {
    const deployments = await this.options.deploymentsOf(entity);
    const page = await this.options.store.list({
      ...options,
      deploymentIds: deployments.map(d => d.id),
    });
    return { entityRef: stringifyEntityRef(entity), ...page };
  }

  /**
   * The entity's history: the CRs' own entries, then the ledger's older
   * deployments, newest first, paged like the CR-only history was.
   */
  async historyForEntity(
    entity: Entity,
    crHistory: EntityHistoryResponse,
    page: { limit: number; cursor?: string },
  ): Promise<EntityHistoryResponse> {
    const deployments = await this.options.deploymentsOf(entity);
    const { items: events } = await this.options.store.list({
      deploymentIds: deployments.map(d => d.id),
      limit: 500,
    });
    const older = ledgerHistoryBeyondCr(deployments, events, (d, sha) => {
      const source = d.source;
      const commit =
        source?.type === 'git'
          ? this.options.git.indexedCommit(source.repoURL, sha)
          : undefined;
      return commit && toCommitSummary(commit);
    });
    const items = [...crHistory.items, ...older].sort((a, b) =>
      (b.deployedAt ?? '').localeCompare(a.deployedAt ?? ''),
    );
    const offset = page.cursor ? decodeOffset(page.cursor) : 0;
    const next = offset + page.limit;
    const { nextCursor: _n, ...rest } = crHistory;
    return redactValue({
      ...rest,
      items: items.slice(offset, next),
      ...(next < items.length && { nextCursor: encodeOffset(next) }),
    });
  }

  async forFleet(
    q: FleetQuery,
    credentials: BackstageCredentials,
    options: Omit<ListLedgerOptions, 'deploymentIds'>,
  ): Promise<LedgerResponse> {
    const rows = await this.options.fleetRows(q, credentials);
    return this.options.store.list({
      ...options,
      deploymentIds: rows.map(d => d.id),
    });
  }

  async metricsForEntity(
    entity: Entity,
    windowDays: MetricWindowDays,
  ): Promise<EntityMetricsResponse> {
    const deployments = await this.options.deploymentsOf(entity);
    const byEnvironment = new Map<string, Deployment[]>();
    for (const d of deployments) {
      const env = environmentOf(d);
      byEnvironment.set(env, [...(byEnvironment.get(env) ?? []), d]);
    }
    const environments = [];
    for (const [environment, group] of [...byEnvironment].sort()) {
      environments.push({
        environment,
        ...(await this.windows(group, windowDays)),
      });
    }
    return {
      entityRef: stringifyEntityRef(entity),
      windowDays,
      environments,
    };
  }

  async metricsForFleet(
    q: FleetQuery,
    credentials: BackstageCredentials,
    windowDays: MetricWindowDays,
  ): Promise<FleetMetricsResponse> {
    const rows = await this.options.fleetRows(q, credentials);
    const byOwner = new Map<string, Deployment[]>();
    for (const row of rows) {
      const owner = row.owner ?? 'unowned';
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), row]);
    }
    const teams = [];
    for (const [owner, group] of [...byOwner].sort()) {
      teams.push({ owner, ...(await this.windows(group, windowDays)) });
    }
    return { windowDays, teams, total: await this.windows(rows, windowDays) };
  }

  /** The figures of this window and of the one before it. */
  private async windows(
    deployments: readonly Deployment[],
    windowDays: MetricWindowDays,
  ): Promise<{ current: DeliveryMetrics; previous: DeliveryMetrics }> {
    const to = this.now();
    const from = new Date(to.getTime() - windowDays * DAY);
    const before = new Date(from.getTime() - windowDays * DAY);
    const ids = deployments.map(d => d.id);
    // A day more than both windows: a failure or the next deployment just
    // after a window's first deployments still counts against them.
    const events = await this.options.store.eventsBetween(
      ids,
      new Date(before.getTime() - DAY),
      to,
    );
    const byId = new Map(deployments.map(d => [d.id, d]));
    const commitTimes = await commitTimesOf(events, byId, this.options.git);
    const rollbacks = (await this.options.rollbacks?.(ids, before, to)) ?? [];
    const figures = (start: Date, end: Date) =>
      deliveryMetrics({
        from: start.toISOString(),
        to: end.toISOString(),
        events: events.filter(e => within(e, start, end, DAY)),
        commitTimes,
        rollbacks,
      });
    return { current: figures(from, to), previous: figures(before, from) };
  }
}

/** Events up to a day before the window (their state carries in), and in it. */
function within(event: LedgerEvent, from: Date, to: Date, slack: number) {
  const t = Date.parse(event.occurredAt);
  return t >= from.getTime() - slack && t <= to.getTime();
}

/** History cursors are offsets, as the CR-only history's were. */
function encodeOffset(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

function decodeOffset(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InputError(
      'cursor is not one this server gave out; pass the nextCursor of the previous page',
    );
  }
  return offset;
}

function environmentOf(d: Deployment): string {
  return d.environment ?? d.cluster;
}

/** Reads `window` (days) from a request; one of 7, 30 and 90. */
export function parseMetricWindow(value: unknown): MetricWindowDays {
  if (value === undefined) return 30;
  const days = Number(value);
  if (!(METRIC_WINDOWS_DAYS as readonly number[]).includes(days)) {
    throw new InputError(
      `window must be one of ${METRIC_WINDOWS_DAYS.join(
        ', ',
      )} (days), got '${String(value)}'`,
    );
  }
  return days as MetricWindowDays;
}
