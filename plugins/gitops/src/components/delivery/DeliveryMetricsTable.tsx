import type { EnvironmentDeliveryMetrics } from '@gitops-console/plugin-gitops-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { METRIC_KEYS, METRIC_NAMES } from './formatMetric';
import { MetricFigure } from './MetricFigure';

/** The four delivery metrics, one row per environment. */
export function DeliveryMetricsTable(props: {
  environments: EnvironmentDeliveryMetrics[];
  windowDays: number;
}) {
  if (props.environments.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No deployment of this entity has been recorded yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Delivery metrics">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          {METRIC_KEYS.map(key => (
            <TableCell key={key}>{METRIC_NAMES[key]}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.environments.map(env => (
          <TableRow key={env.environment}>
            <TableCell component="th" scope="row">
              {env.environment}
            </TableCell>
            {METRIC_KEYS.map(key => (
              <TableCell key={key}>
                <MetricFigure
                  metric={key}
                  current={env.current}
                  previous={env.previous}
                  windowDays={props.windowDays}
                />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
