import type { LedgerEvent } from '../ledger';

/** The windows the API offers, in days. @public */
export const METRIC_WINDOWS_DAYS = [7, 30, 90] as const;

/** @public */
export type MetricWindowDays = (typeof METRIC_WINDOWS_DAYS)[number];

/** Fewer data points than this and a figure is "too few to tell". @public */
export const MIN_METRIC_POINTS = 3;

/**
 * One delivery figure. `value` is null when there is nothing to compute it
 * from; `sufficient` is false when it rests on fewer than
 * {@link MIN_METRIC_POINTS} points, so a page says so instead of a number.
 *
 * @public
 */
export interface DeliveryMetric {
  value: number | null;
  unit: 'per-day' | 'hours' | 'ratio';
  points: number;
  sufficient: boolean;
  /** Lead time only: the 90th percentile, in the same unit. */
  p90?: number | null;
}

/** @public */
export interface DeliveryMetrics {
  from: string;
  to: string;
  deploymentFrequency: DeliveryMetric;
  leadTime: DeliveryMetric;
  changeFailureRate: DeliveryMetric;
  timeToRestore: DeliveryMetric;
}

/**
 * What the figures are computed from, for one environment's deployments.
 *
 * @public
 */
export interface DeliveryMetricsInput {
  /** ISO bounds of the window. */
  from: string;
  to: string;
  /** Ledger events of the deployments, from before `from` up to `to`. */
  events: readonly LedgerEvent[];
  /**
   * Per `deployed` event id: the author times of the commits that reached
   * the environment with it (on its path, after the revision before).
   */
  commitTimes: ReadonlyMap<string, readonly string[]>;
  /** Rollback and revert-commit actions requested on the deployments. */
  rollbacks: ReadonlyArray<{ deploymentId: string; createdAt: string }>;
  /** How long after a deployment a failure still counts against it; default 24 h. */
  failureWindowHours?: number;
}

const HOUR = 3_600_000;
const DOWN: ReadonlySet<string> = new Set(['failing', 'unknown']);

/**
 * The four delivery metrics over a window (docs/delivery-metrics.md):
 * deployment frequency, lead time for changes (median and p90), change
 * failure rate and time to restore (median).
 *
 * @public
 */
export function deliveryMetrics(input: DeliveryMetricsInput): DeliveryMetrics {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const inWindow = (at: string) => {
    const t = Date.parse(at);
    return t >= from && t <= to;
  };
  const byDeployment = groupSorted(input.events);
  const deploys = input.events.filter(
    e => e.transition === 'deployed' && inWindow(e.occurredAt),
  );

  const days = Math.max((to - from) / (24 * HOUR), 1 / 24);
  const deploymentFrequency = metric(
    deploys.length ? deploys.length / days : 0,
    'per-day',
    deploys.length,
  );

  const leads: number[] = [];
  for (const deploy of deploys) {
    for (const committedAt of input.commitTimes.get(deploy.id) ?? []) {
      const lead = Date.parse(deploy.occurredAt) - Date.parse(committedAt);
      if (lead >= 0) leads.push(lead / HOUR);
    }
  }
  const leadTime = {
    ...metric(percentile(leads, 0.5), 'hours', leads.length),
    p90: percentile(leads, 0.9),
  };

  const failureWindow = (input.failureWindowHours ?? 24) * HOUR;
  let failed = 0;
  for (const deploy of deploys) {
    const timeline = byDeployment.get(deploy.deploymentId) ?? [];
    const start = Date.parse(deploy.occurredAt);
    const nextDeploy = timeline.find(
      e => e.transition === 'deployed' && Date.parse(e.occurredAt) > start,
    );
    const end = Math.min(
      start + failureWindow,
      nextDeploy ? Date.parse(nextDeploy.occurredAt) : Infinity,
    );
    const within = (at: string) => {
      const t = Date.parse(at);
      return t > start && t <= end;
    };
    const failing = timeline.some(
      e =>
        e.transition === 'drift' &&
        e.driftAfter === 'failing' &&
        within(e.occurredAt),
    );
    const rolledBack = input.rollbacks.some(
      r => r.deploymentId === deploy.deploymentId && within(r.createdAt),
    );
    if (failing || rolledBack) failed += 1;
  }
  const changeFailureRate = metric(
    deploys.length ? failed / deploys.length : null,
    'ratio',
    deploys.length,
  );

  const restores: number[] = [];
  for (const timeline of byDeployment.values()) {
    let downSince: number | undefined;
    for (const event of timeline) {
      if (event.transition !== 'drift' || !event.driftAfter) continue;
      const at = Date.parse(event.occurredAt);
      if (DOWN.has(event.driftAfter)) {
        downSince ??= at;
      } else if (event.driftAfter === 'in-sync' && downSince !== undefined) {
        if (downSince >= from && downSince <= to) {
          restores.push((at - downSince) / HOUR);
        }
        downSince = undefined;
      }
    }
  }
  const timeToRestore = metric(
    percentile(restores, 0.5),
    'hours',
    restores.length,
  );

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    deploymentFrequency,
    leadTime,
    changeFailureRate,
    timeToRestore,
  };
}

function metric(
  value: number | null,
  unit: DeliveryMetric['unit'],
  points: number,
): DeliveryMetric {
  return {
    value: value === null ? null : round(value),
    unit,
    points,
    sufficient: points >= MIN_METRIC_POINTS,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Nearest-rank percentile; null for no values. */
function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(Math.ceil(q * sorted.length) - 1, 0);
  return round(sorted[rank]);
}

function groupSorted(
  events: readonly LedgerEvent[],
): Map<string, LedgerEvent[]> {
  const groups = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const list = groups.get(event.deploymentId) ?? [];
    list.push(event);
    groups.set(event.deploymentId, list);
  }
  for (const list of groups.values()) {
    list.sort(
      (a, b) =>
        a.occurredAt.localeCompare(b.occurredAt) ||
        (a.transition === b.transition
          ? 0
          : a.transition === 'deployed'
          ? -1
          : 1),
    );
  }
  return groups;
}

/**
 * One environment's figures over the window and the window before it.
 *
 * @public
 */
export interface EnvironmentDeliveryMetrics {
  environment: string;
  current: DeliveryMetrics;
  previous: DeliveryMetrics;
}

/**
 * `GET /entities/{namespace}/{kind}/{name}/metrics?window=`
 *
 * @public
 */
export interface EntityMetricsResponse {
  entityRef: string;
  windowDays: MetricWindowDays;
  environments: EnvironmentDeliveryMetrics[];
}

/**
 * `GET /metrics?window=&owner=`: per owning team, and for all of them.
 *
 * @public
 */
export interface FleetMetricsResponse {
  windowDays: MetricWindowDays;
  teams: Array<{
    owner: string;
    current: DeliveryMetrics;
    previous: DeliveryMetrics;
  }>;
  total: { current: DeliveryMetrics; previous: DeliveryMetrics };
}
