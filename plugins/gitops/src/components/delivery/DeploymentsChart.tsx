import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { summarizeDays, type DeploymentDay } from './deploymentsOverTime';

const HEIGHT = 220;

/**
 * Deployments per day, rollbacks stacked on them and failures beside, with
 * the same in words for screen readers. `width` fixes the size (tests);
 * otherwise the chart follows its container.
 */
export function DeploymentsChart(props: {
  days: DeploymentDay[];
  width?: number;
}) {
  const theme = useTheme();
  const summary = summarizeDays(props.days);
  const chart = (
    <BarChart
      data={props.days}
      width={props.width}
      height={HEIGHT}
      margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} />
      <YAxis allowDecimals={false} />
      <Tooltip />
      <Legend />
      <Bar
        dataKey="deployments"
        name="Deployments"
        stackId="deploys"
        fill={theme.palette.primary.main}
        isAnimationActive={false}
      />
      <Bar
        dataKey="rollbacks"
        name="Rollbacks"
        stackId="deploys"
        fill={theme.palette.warning.main}
        isAnimationActive={false}
      />
      <Bar
        dataKey="failures"
        name="Failures"
        fill={theme.palette.error.main}
        isAnimationActive={false}
      />
    </BarChart>
  );
  return (
    <figure aria-label="Deployments over time" style={{ margin: 0 }}>
      <div aria-hidden="true">
        {props.width ? (
          chart
        ) : (
          <ResponsiveContainer width="100%" height={HEIGHT}>
            {chart}
          </ResponsiveContainer>
        )}
      </div>
      <Typography
        variant="caption"
        color="textSecondary"
        component="figcaption"
      >
        {summary}
      </Typography>
    </figure>
  );
}
