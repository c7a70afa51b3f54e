import { useApi } from '@backstage/core-plugin-api';
import {
  GITOPS_FLEET_SIGNAL_CHANNEL,
  type ClusterSummary,
  type FleetFacets,
  type FleetQuery,
  type FleetResponse,
} from '@gitops-console/plugin-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../../api/GitOpsApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';
import type { FleetFilterKey } from './fleetSearchParams';

/** One choice of a filter menu; `count` when the backend gave facets. */
export interface FleetFilterChoice {
  value: string;
  count?: number;
}

export type FleetFilterOptions = Record<FleetFilterKey, FleetFilterChoice[]>;

/** How many deployments the fallback (no facets) reads to guess the menus. */
export const FALLBACK_OPTIONS_LIMIT = 500;

function sorted(values: Iterable<string | undefined>): FleetFilterChoice[] {
  return [...new Set(values)]
    .filter((v): v is string => !!v)
    .sort((a, b) => a.localeCompare(b))
    .map(value => ({ value }));
}

/** Facet values, plus the selected ones so a selection never disappears. */
function fromFacets(
  facets: FleetFacets,
  key: FleetFilterKey,
  selected: string[],
): FleetFilterChoice[] {
  const choices: FleetFilterChoice[] = (facets[key] ?? []).map(f => ({
    value: f.value,
    count: f.count,
  }));
  for (const value of selected) {
    if (!choices.some(c => c.value === value))
      choices.push({ value, count: 0 });
  }
  return choices;
}

/**
 * The values to offer in the fleet filters. With the answer's `facets`
 * (over every deployment the user may read) the menus are complete for any
 * fleet size, with counts. An older backend without facets gets the former
 * behaviour: clusters and environments from the cluster list, owners and
 * systems from one read of the first deployments. The cluster list also
 * feeds the unreachable-clusters notice, and follows live updates.
 */
export function useFleetFilterOptions(
  query: FleetQuery,
  fleet: FleetResponse | undefined,
): { options: FleetFilterOptions; clusters: ClusterSummary[] } {
  const api = useApi(gitopsApiRef);
  const clustersRead = useLiveAsync(
    () => api.getClusters().catch(() => undefined),
    [api],
    { cacheKey: 'clusters', signalChannel: GITOPS_FLEET_SIGNAL_CHANNEL },
  );
  const needsFallback = !!fleet && !fleet.facets;
  const { value: fallbackItems } = useAsync(async () => {
    if (!needsFallback) return [];
    const answer = await api
      .queryFleet({ limit: FALLBACK_OPTIONS_LIMIT })
      .catch(() => undefined);
    return answer?.items ?? [];
  }, [api, needsFallback]);

  const clusters = clustersRead.value?.clusters ?? [];
  const selected = (key: FleetFilterKey) =>
    (query[key] as string[] | undefined) ?? [];

  if (fleet?.facets) {
    const facets = fleet.facets;
    const keys: FleetFilterKey[] = [
      'driftState',
      'health',
      'cluster',
      'environment',
      'owner',
      'system',
      'tool',
    ];
    const options = Object.fromEntries(
      keys.map(k => [k, fromFacets(facets, k, selected(k))]),
    ) as FleetFilterOptions;
    return { clusters, options };
  }

  const items = fallbackItems ?? [];
  const withSelected = (
    key: FleetFilterKey,
    values: Array<string | undefined>,
  ) => sorted([...values, ...selected(key)]);
  return {
    clusters,
    options: {
      // Fixed lists: the filter menus name them in their own order.
      driftState: [],
      health: [],
      tool: [],
      cluster: withSelected('cluster', [
        ...clusters.map(c => c.name),
        ...items.map(d => d.cluster),
      ]),
      environment: withSelected('environment', [
        ...clusters.map(c => c.environment),
        ...items.map(d => d.environment),
      ]),
      owner: withSelected(
        'owner',
        items.map(d => d.owner),
      ),
      system: withSelected(
        'system',
        items.map(d => d.system),
      ),
    },
  };
}
