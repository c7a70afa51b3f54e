import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  DRIFT_STATES,
  type Deployment,
  type FleetDeployment,
  type FleetQuery,
  type HealthStatus,
} from '@gitops-console/plugin-gitops-common';

function shortRef(ref: string | undefined, defaultKind: string) {
  if (!ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return ref;
  }
}

/** The catalog fields of a fleet row, the same for all an entity's rows. */
export type FleetCatalogFields = Omit<FleetDeployment, keyof Deployment>;

export function fleetCatalogFields(entity: Entity): FleetCatalogFields {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    entityRef: stringifyEntityRef(entity),
    entityTitle: entity.metadata.title ?? entity.metadata.name,
    owner: shortRef(spec.owner as string | undefined, 'Group'),
    system: shortRef(spec.system as string | undefined, 'System'),
    lifecycle: spec.lifecycle as string | undefined,
    type: spec.type as string | undefined,
    tags: entity.metadata.tags ?? [],
  };
}

/**
 * A deployment joined with the catalog fields the fleet filters on; pass
 * the entity's fields once for all its rows, so they share one copy.
 */
export function toFleetRow(
  entity: Entity,
  deployment: Deployment,
  fields: FleetCatalogFields = fleetCatalogFields(entity),
): FleetDeployment {
  return { ...deployment, ...fields };
}

export function toolOf(d: Pick<Deployment, 'kind'>): 'argocd' | 'flux' {
  return d.kind === 'argocd-application' ? 'argocd' : 'flux';
}

function inList<T>(values: T[] | undefined, value: T | undefined) {
  return !values?.length || (value !== undefined && values.includes(value));
}

/** A value matches a filter list when any entry equals it, refs compared loosely. */
function refIn(values: string[] | undefined, ref: string | undefined) {
  if (!values?.length) return true;
  if (!ref) return false;
  const name = ref.split('/').pop();
  return values.some(
    v =>
      v === ref ||
      v === name ||
      shortRef(v, 'Group') === ref ||
      shortRef(v, 'System') === ref,
  );
}

/** Whether a row passes the query's filters (optionally all but drift). */
export function matchesFleetQuery(
  q: FleetQuery,
  d: FleetDeployment,
  ignoreDrift = false,
) {
  const search = q.search?.trim().toLowerCase();
  return (
    (ignoreDrift || inList(q.driftState, d.drift.state)) &&
    inList(q.health, d.health) &&
    inList(q.cluster, d.cluster) &&
    inList(q.environment, d.environment) &&
    inList(q.tool, toolOf(d)) &&
    refIn(q.owner, d.owner) &&
    refIn(q.system, d.system) &&
    inList(q.lifecycle, d.lifecycle) &&
    inList(q.type, d.type) &&
    (!q.tag?.length || d.tags.some(t => q.tag!.includes(t))) &&
    (!search ||
      [
        d.entityRef,
        d.entityTitle,
        d.name,
        d.namespace,
        d.cluster,
        d.environment,
        d.owner,
        d.system,
      ]
        .filter(Boolean)
        .some(v => String(v).toLowerCase().includes(search)))
  );
}

/** Health from worst to best, so a sort by health puts trouble first. */
export const HEALTH_SEVERITY: readonly HealthStatus[] = [
  'Degraded',
  'Missing',
  'Unknown',
  'Progressing',
  'Suspended',
  'Healthy',
];

const pad = (n: number) => String(n).padStart(2, '0');

/** Sort keys compared as plain strings (no locale work per comparison). */
export const FLEET_SORT_KEYS: Record<
  NonNullable<FleetQuery['sort']>,
  (d: FleetDeployment) => string
> = {
  entity: d => d.entityRef,
  environment: d => d.environment ?? '',
  cluster: d => d.cluster,
  driftState: d => pad(DRIFT_STATES.indexOf(d.drift.state)),
  health: d => {
    const i = HEALTH_SEVERITY.indexOf(d.health);
    return pad(i === -1 ? HEALTH_SEVERITY.length : i);
  },
  lastSyncedAt: d => d.lastSyncedAt ?? '',
};
