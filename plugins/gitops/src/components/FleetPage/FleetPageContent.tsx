import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  GITOPS_FLEET_SIGNAL_CHANNEL,
  type DriftState,
} from '@gitops-console/plugin-gitops-common';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import GetApp from '@material-ui/icons/GetApp';
import { makeStyles } from '@material-ui/core/styles';
import { useCallback, useState } from 'react';
import { gitopsApiRef } from '../../api/GitOpsApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';
import {
  AnnotationHelp,
  GitOpsErrorPanel,
  StaleDataNotice,
  TableSkeleton,
} from '../states';
import { FleetMetricsView } from '../fleetMetrics';
import { DriftTotals } from './DriftTotals';
import { downloadCsv, fetchFleetCsv } from './exportFleetCsv';
import { FleetFilters } from './FleetFilters';
import { hasFilters } from './fleetSearchParams';
import { FleetTable } from './FleetTable';
import { UnreachableClustersNotice } from './UnreachableClustersNotice';
import { useFleetFilterOptions } from './useFleetFilterOptions';
import { useFleetQueryState } from './useFleetQueryState';

const useStyles = makeStyles(theme => ({
  notices: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    '&:empty': { display: 'none' },
  },
  toolbar: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    padding: theme.spacing(2, 2, 0),
  },
  progress: { minHeight: 4 },
}));

/**
 * The fleet view for platform teams: totals per drift state, then every
 * deployment in a filterable, sortable, searchable table with CSV export.
 * Its state lives in the URL.
 */
export function FleetPageContent() {
  const classes = useStyles();
  const api = useApi(gitopsApiRef);
  const [query, setQuery] = useFleetQueryState();
  // The rows stay while a new answer loads (filters, live updates, a page
  // opened again); skeletons only before the very first answer.
  const fleet = useLiveAsync(() => api.queryFleet(query), [api, query], {
    keepPrevious: true,
    cacheKey: `fleet:${JSON.stringify(query)}`,
    signalChannel: GITOPS_FLEET_SIGNAL_CHANNEL,
  });
  const { options, clusters } = useFleetFilterOptions(query, fleet.value);
  const [exporting, setExporting] = useState<Error | 'busy' | undefined>();

  const toggleDrift = useCallback(
    (state: DriftState) => {
      const current = query.driftState ?? [];
      const next = current.includes(state)
        ? current.filter(s => s !== state)
        : [...current, state];
      setQuery({ driftState: next.length ? next : undefined });
    },
    [query.driftState, setQuery],
  );

  const exportCsv = async () => {
    setExporting('busy');
    try {
      const csv = await fetchFleetCsv(api, query);
      downloadCsv(csv, 'gitops-deployments.csv');
      setExporting(undefined);
    } catch (error) {
      setExporting(error as Error);
    }
  };

  const value = fleet.value;
  let table;
  if (fleet.loading) {
    table = <TableSkeleton label="Loading deployments" />;
  } else if (!value || (fleet.previous && fleet.error)) {
    // Rows of an earlier search must not pass for the answer to this one.
    table = <GitOpsErrorPanel error={fleet.error!} />;
  } else if (value.totalItems === 0 && !hasFilters(query)) {
    table = (
      <EmptyState
        missing="data"
        title="No deployments yet"
        description="No entity you may see has GitOps annotations that match an Argo CD or Flux resource."
        action={<AnnotationHelp />}
      />
    );
  } else if (value.totalItems === 0) {
    table = (
      <Typography role="status" style={{ padding: 16 }}>
        No deployments match these filters.
      </Typography>
    );
  } else {
    table = (
      <FleetTable
        items={value.items}
        totalItems={value.totalItems}
        query={query}
        onChange={setQuery}
      />
    );
  }

  return (
    <>
      <div className={classes.notices}>
        <UnreachableClustersNotice clusters={clusters} />
        {value && !fleet.previous && (value.stale || fleet.error) && (
          <StaleDataNotice
            stale={value.stale}
            staleReasons={value.staleReasons}
            observedAt={value.observedAt}
            refreshError={fleet.error}
          />
        )}
        {exporting instanceof Error && <GitOpsErrorPanel error={exporting} />}
      </div>
      <DriftTotals
        totals={value?.totals}
        selected={query.driftState ?? []}
        onToggle={toggleDrift}
      />
      <Paper>
        <div className={classes.toolbar}>
          <Typography variant="h6" component="h2" aria-live="polite">
            {value
              ? `${value.totalItems} deployment${
                  value.totalItems === 1 ? '' : 's'
                }`
              : 'Deployments'}
          </Typography>
          <Button
            startIcon={<GetApp aria-hidden="true" />}
            onClick={exportCsv}
            disabled={!value || value.totalItems === 0 || exporting === 'busy'}
          >
            {exporting === 'busy' ? 'Exporting…' : 'Export CSV'}
          </Button>
        </div>
        <FleetFilters query={query} options={options} onChange={setQuery} />
        <div className={classes.progress}>
          {fleet.pending && !fleet.loading && <Progress />}
        </div>
        {table}
      </Paper>
      <FleetMetricsView query={query} />
    </>
  );
}
