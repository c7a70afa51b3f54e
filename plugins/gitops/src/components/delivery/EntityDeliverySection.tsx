import { InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { MetricWindowDays } from '@gitops-console/plugin-gitops-common';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { GitOpsErrorPanel } from '../states';
import { DeliveryMetricsTable } from './DeliveryMetricsTable';
import { DeploymentsChart } from './DeploymentsChart';
import { deploymentsOverTime } from './deploymentsOverTime';
import { useDeliveryData } from './useDeliveryData';
import { WindowSelector } from './WindowSelector';

/**
 * The "Delivery" section of the GitOps tab: the four delivery metrics per
 * environment against the previous window, and the deployments of the
 * window as a chart. `chartWidth` fixes the chart's width (tests).
 */
export function EntityDeliverySection(props: { chartWidth?: number }) {
  const { entity } = useEntity();
  const [windowDays, setWindowDays] = useState<MetricWindowDays>(30);
  const { metrics, ledger } = useDeliveryData(
    stringifyEntityRef(entity),
    windowDays,
  );
  const days = useMemo(
    () =>
      ledger.value &&
      deploymentsOverTime(
        ledger.value.events,
        ledger.value.from,
        ledger.value.to,
      ),
    [ledger.value],
  );

  return (
    <InfoCard
      title="Delivery"
      subheader={`Over the last ${windowDays} days, against the ${windowDays} days before`}
      action={<WindowSelector value={windowDays} onChange={setWindowDays} />}
    >
      <section aria-label="Delivery metrics">
        {metrics.loading && <Progress />}
        {metrics.error && <GitOpsErrorPanel error={metrics.error} />}
        {metrics.value && !metrics.loading && (
          <DeliveryMetricsTable
            environments={metrics.value.environments}
            windowDays={metrics.value.windowDays}
          />
        )}
      </section>
      <section aria-label="Deployments over time">
        <Typography variant="subtitle1" component="h4">
          Deployments over time
        </Typography>
        {ledger.loading && <Progress />}
        {ledger.error && <GitOpsErrorPanel error={ledger.error} />}
        {days && !ledger.loading && (
          <DeploymentsChart days={days} width={props.chartWidth} />
        )}
        {ledger.value?.truncated && !ledger.loading && (
          <Typography variant="caption" color="textSecondary">
            Only the newest {ledger.value.events.length} events of the window
            are charted.
          </Typography>
        )}
      </section>
    </InfoCard>
  );
}
