import type { FleetMetricsResponse } from '@gitops-console/plugin-gitops-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { METRIC_KEYS, METRIC_NAMES } from '../delivery/formatMetric';
import { MetricFigure } from '../delivery/MetricFigure';

/** The four delivery metrics per owning team, the total last. */
export function FleetMetricsTable(props: { metrics: FleetMetricsResponse }) {
  const { metrics } = props;
  const rows = [
    ...metrics.teams.map(t => ({ key: t.owner, team: t.owner, ...t })),
    { key: 'total', team: undefined, ...metrics.total },
  ];
  return (
    <Table size="small" aria-label="Delivery metrics per team">
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          {METRIC_KEYS.map(key => (
            <TableCell key={key}>{METRIC_NAMES[key]}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.key}>
            <TableCell component="th" scope="row">
              {row.team ? (
                <EntityRefLink entityRef={row.team} defaultKind="group" />
              ) : (
                <strong>All teams</strong>
              )}
            </TableCell>
            {METRIC_KEYS.map(key => (
              <TableCell key={key}>
                <MetricFigure
                  metric={key}
                  current={row.current}
                  previous={row.previous}
                  windowDays={metrics.windowDays}
                />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
