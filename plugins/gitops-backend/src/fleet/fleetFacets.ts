import type {
  FleetDeployment,
  FleetFacets,
  FleetFacetValue,
} from '@gitops-console/plugin-gitops-common';
import { toolOf } from './fleetRows';

const FACET_FIELDS: Record<
  keyof FleetFacets,
  (d: FleetDeployment) => Array<string | undefined>
> = {
  driftState: d => [d.drift.state],
  health: d => [d.health],
  cluster: d => [d.cluster],
  environment: d => [d.environment],
  tool: d => [toolOf(d)],
  owner: d => [d.owner],
  system: d => [d.system],
  lifecycle: d => [d.lifecycle],
  type: d => [d.type],
  tag: d => d.tags,
};

/**
 * The distinct values of every filter with their counts, most frequent
 * first, so the page's filter menus list every value however big the fleet.
 */
export function fleetFacets(rows: Iterable<FleetDeployment>): FleetFacets {
  const counts = Object.fromEntries(
    Object.keys(FACET_FIELDS).map(k => [k, new Map<string, number>()]),
  ) as Record<keyof FleetFacets, Map<string, number>>;
  for (const row of rows) {
    for (const [field, read] of Object.entries(FACET_FIELDS)) {
      const map = counts[field as keyof FleetFacets];
      for (const value of read(row)) {
        if (value === undefined || value === '') continue;
        map.set(value, (map.get(value) ?? 0) + 1);
      }
    }
  }
  const sorted = (map: Map<string, number>): FleetFacetValue[] =>
    [...map]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return Object.fromEntries(
    Object.entries(counts).map(([k, map]) => [k, sorted(map)]),
  ) as FleetFacets;
}
