import { useApi } from '@backstage/core-plugin-api';
import type {
  ClusterSummary,
  FleetQuery,
} from '@gitops-console/plugin-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../../api/GitOpsApi';
import type { FleetFilterKey } from './fleetSearchParams';

export type FleetFilterOptions = Record<
  'cluster' | 'environment' | 'owner' | 'system',
  string[]
>;

function sorted(values: Iterable<string | undefined>): string[] {
  return [...new Set(values)]
    .filter((v): v is string => !!v)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * The values to offer in the fleet filters: clusters and environments from
 * the cluster list, owners and systems from the whole fleet (one unfiltered
 * read), plus whatever is selected now so a selection never disappears.
 */
export function useFleetFilterOptions(query: FleetQuery): {
  options: FleetFilterOptions;
  clusters: ClusterSummary[];
} {
  const api = useApi(gitopsApiRef);
  const { value } = useAsync(async () => {
    const [clusters, fleet] = await Promise.all([
      api.getClusters().catch(() => undefined),
      api.queryFleet({ limit: 500 }).catch(() => undefined),
    ]);
    return { clusters: clusters?.clusters ?? [], items: fleet?.items ?? [] };
  }, [api]);

  const clusters = value?.clusters ?? [];
  const items = value?.items ?? [];
  const withSelected = (
    key: FleetFilterKey,
    values: Array<string | undefined>,
  ) => sorted([...values, ...((query[key] as string[] | undefined) ?? [])]);
  return {
    clusters,
    options: {
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
