import type {
  DeliveryMetrics,
  FleetMetricsResponse,
} from '@gitops-console/plugin-gitops-common';
import { field } from '../FleetPage/fleetCsv';

type Row = {
  owner: string;
  current: DeliveryMetrics;
  previous: DeliveryMetrics;
};

/** Columns: the raw figures, so a null stays empty and never reads as zero. */
const COLUMNS: Array<[string, (r: Row) => unknown]> = [
  ['owner', r => r.owner],
  ['from', r => r.current.from],
  ['to', r => r.current.to],
  ['deploymentsPerDay', r => r.current.deploymentFrequency.value],
  ['deploymentsPoints', r => r.current.deploymentFrequency.points],
  ['deploymentsPerDayPrevious', r => r.previous.deploymentFrequency.value],
  ['leadTimeMedianHours', r => r.current.leadTime.value],
  ['leadTimeP90Hours', r => r.current.leadTime.p90],
  ['leadTimePoints', r => r.current.leadTime.points],
  ['leadTimeMedianHoursPrevious', r => r.previous.leadTime.value],
  ['changeFailureRate', r => r.current.changeFailureRate.value],
  ['changeFailurePoints', r => r.current.changeFailureRate.points],
  ['changeFailureRatePrevious', r => r.previous.changeFailureRate.value],
  ['timeToRestoreMedianHours', r => r.current.timeToRestore.value],
  ['timeToRestorePoints', r => r.current.timeToRestore.points],
  ['timeToRestoreMedianHoursPrevious', r => r.previous.timeToRestore.value],
];

/** The fleet's metrics per team, then the total, as CSV (RFC 4180). */
export function fleetMetricsToCsv(metrics: FleetMetricsResponse): string {
  const rows: Row[] = [...metrics.teams, { owner: 'total', ...metrics.total }];
  const lines = [
    COLUMNS.map(([name]) => name),
    ...rows.map(r => COLUMNS.map(([, get]) => field(get(r)))),
  ];
  return `${lines.map(l => l.join(',')).join('\r\n')}\r\n`;
}
