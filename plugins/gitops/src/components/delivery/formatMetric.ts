import type {
  DeliveryMetric,
  DeliveryMetrics,
} from '@gitops-console/plugin-gitops-common';

/** The four figures, in the order the Delivery section shows them. */
export const METRIC_KEYS = [
  'deploymentFrequency',
  'leadTime',
  'changeFailureRate',
  'timeToRestore',
] as const;

export type MetricKey = (typeof METRIC_KEYS)[number];

export const METRIC_NAMES: Record<MetricKey, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  timeToRestore: 'Time to restore',
};

/** Whether a higher figure is better: only for deployment frequency. */
const HIGHER_IS_BETTER: Record<MetricKey, boolean> = {
  deploymentFrequency: true,
  leadTime: false,
  changeFailureRate: false,
  timeToRestore: false,
};

function trim(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}

/** A duration in hours, in the unit a person reads best. */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${trim(hours)} h`;
  return `${trim(hours / 24)} days`;
}

/** A figure's value in words; null when there is none to show. */
export function formatValue(
  value: number | null | undefined,
  unit: DeliveryMetric['unit'],
): string | null {
  if (value === null || value === undefined) return null;
  switch (unit) {
    case 'per-day':
      // Below one a day, a week reads better than "0.3 per day".
      return value < 1
        ? `${trim(value * 7)} per week`
        : `${trim(value)} per day`;
    case 'hours':
      return formatHours(value);
    case 'ratio':
      return `${Math.round(value * 100)}%`;
    default:
      return String(value);
  }
}

/**
 * What a figure says: its value (and p90 for lead time), or that it rests on
 * too few data points. A null value is never shown as zero.
 */
export function describeMetric(metric: DeliveryMetric): {
  text: string;
  sufficient: boolean;
} {
  const value = formatValue(metric.value, metric.unit);
  if (!metric.sufficient || value === null) {
    const points = `${metric.points} data point${
      metric.points === 1 ? '' : 's'
    }`;
    return { text: `Too few data points (${points})`, sufficient: false };
  }
  const p90 = formatValue(metric.p90, metric.unit);
  return {
    text: p90 ? `${value} median, ${p90} p90` : value,
    sufficient: true,
  };
}

export type Trend =
  | { kind: 'none' }
  | { kind: 'same' }
  | { kind: 'change'; up: boolean; better: boolean; text: string };

/**
 * The change against the previous window, when both windows have a
 * sufficient figure; "better" accounts for which way is good.
 */
export function metricTrend(
  key: MetricKey,
  current: DeliveryMetrics,
  previous: DeliveryMetrics,
): Trend {
  const now = current[key];
  const before = previous[key];
  if (
    !now.sufficient ||
    !before.sufficient ||
    now.value === null ||
    before.value === null
  ) {
    return { kind: 'none' };
  }
  const delta = now.value - before.value;
  if (Math.abs(delta) < 1e-9) return { kind: 'same' };
  const up = delta > 0;
  const better = up === HIGHER_IS_BETTER[key];
  return { kind: 'change', up, better, text: changeText(now, before) };
}

/** Percentage points for a ratio; else relative, or absolute from zero. */
function changeText(now: DeliveryMetric, before: DeliveryMetric): string {
  const delta = Math.abs(now.value! - before.value!);
  if (now.unit === 'ratio') return `${Math.round(delta * 100)} points`;
  if (before.value === 0) return formatValue(delta, now.unit)!;
  return `${Math.round((delta / before.value!) * 100)}%`;
}
