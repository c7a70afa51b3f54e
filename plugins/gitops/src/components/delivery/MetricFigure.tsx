import type { DeliveryMetrics } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { describeMetric, metricTrend, type MetricKey } from './formatMetric';

const useStyles = makeStyles(
  theme => ({
    better: { color: theme.palette.status?.ok ?? theme.palette.success.main },
    worse: { color: theme.palette.status?.error ?? theme.palette.error.main },
  }),
  { name: 'GitOpsMetricFigure' },
);

/** One figure and its change against the previous window, in words. */
export function MetricFigure(props: {
  metric: MetricKey;
  current: DeliveryMetrics;
  previous: DeliveryMetrics;
  windowDays: number;
}) {
  const classes = useStyles();
  const figure = describeMetric(props.current[props.metric]);
  const trend = metricTrend(props.metric, props.current, props.previous);
  const against = `than the previous ${props.windowDays} days`;
  return (
    <>
      <Typography
        variant="body2"
        color={figure.sufficient ? 'textPrimary' : 'textSecondary'}
      >
        {figure.text}
      </Typography>
      {trend.kind === 'change' && (
        <Typography
          variant="caption"
          className={trend.better ? classes.better : classes.worse}
        >
          <span aria-hidden="true">{trend.up ? '▲' : '▼'} </span>
          {trend.text} {trend.up ? 'higher' : 'lower'} {against} (
          {trend.better ? 'better' : 'worse'})
        </Typography>
      )}
      {trend.kind === 'same' && (
        <Typography variant="caption" color="textSecondary">
          Same as the previous {props.windowDays} days
        </Typography>
      )}
    </>
  );
}
