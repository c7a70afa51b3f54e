import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  FleetQuery,
  MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import GetApp from '@material-ui/icons/GetApp';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../../api/GitOpsApi';
import { WindowSelector } from '../delivery/WindowSelector';
import { downloadCsv } from '../FleetPage/exportFleetCsv';
import { GitOpsErrorPanel } from '../states';
import { fleetMetricsToCsv } from './fleetMetricsCsv';
import { FleetMetricsTable } from './FleetMetricsTable';

const useStyles = makeStyles(theme => ({
  root: { marginTop: theme.spacing(3), paddingBottom: theme.spacing(1) },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    justifyContent: 'space-between',
    alignItems: 'center',
    padding: theme.spacing(2),
  },
}));

/**
 * The fleet's delivery metrics per owning team, for the page's filters,
 * with a window choice and CSV export of what is shown.
 */
export function FleetMetricsView(props: { query: FleetQuery }) {
  const classes = useStyles();
  const api = useApi(gitopsApiRef);
  const [windowDays, setWindowDays] = useState<MetricWindowDays>(30);
  const key = JSON.stringify(props.query);
  const metrics = useAsync(
    () => api.getFleetMetrics(windowDays, props.query),
    // The query object is rebuilt on every render; its content is the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, windowDays, key],
  );
  return (
    <Paper
      className={classes.root}
      component="section"
      aria-label="Delivery metrics per team"
    >
      <div className={classes.toolbar}>
        <Typography variant="h6" component="h2">
          Delivery metrics per team
        </Typography>
        <WindowSelector value={windowDays} onChange={setWindowDays} />
        <Button
          startIcon={<GetApp aria-hidden="true" />}
          disabled={!metrics.value || metrics.loading}
          onClick={() =>
            metrics.value &&
            downloadCsv(
              fleetMetricsToCsv(metrics.value),
              `gitops-delivery-metrics-${windowDays}d.csv`,
            )
          }
        >
          Export metrics CSV
        </Button>
      </div>
      {metrics.loading && <Progress />}
      {metrics.error && <GitOpsErrorPanel error={metrics.error} />}
      {metrics.value && !metrics.loading && (
        <FleetMetricsTable metrics={metrics.value} />
      )}
    </Paper>
  );
}
