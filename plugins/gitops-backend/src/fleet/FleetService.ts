import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DRIFT_STATES,
  GITOPS_ANNOTATIONS,
  type DriftState,
  type FleetDeployment,
  type FleetQuery,
  type FleetResponse,
} from '@gitops-console/plugin-gitops-common';
import type { DeploymentService } from './DeploymentService';

const LOCATOR_ANNOTATIONS = [
  GITOPS_ANNOTATIONS.argocdAppName,
  GITOPS_ANNOTATIONS.argocdAppSelector,
  GITOPS_ANNOTATIONS.kubernetesId,
  GITOPS_ANNOTATIONS.kubernetesLabelSelector,
];

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

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

function toFleet(
  entity: Entity,
  deployment: FleetDeployment | any,
): FleetDeployment {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    ...deployment,
    entityRef: stringifyEntityRef(entity),
    entityTitle: entity.metadata.title ?? entity.metadata.name,
    owner: shortRef(spec.owner as string | undefined, 'Group'),
    system: shortRef(spec.system as string | undefined, 'System'),
    lifecycle: spec.lifecycle as string | undefined,
    type: spec.type as string | undefined,
    tags: entity.metadata.tags ?? [],
  };
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

function matches(q: FleetQuery, d: FleetDeployment, ignoreDrift = false) {
  const tool = d.kind === 'argocd-application' ? 'argocd' : 'flux';
  const search = q.search?.trim().toLowerCase();
  return (
    (ignoreDrift || inList(q.driftState, d.drift.state)) &&
    inList(q.health, d.health) &&
    inList(q.cluster, d.cluster) &&
    inList(q.environment, d.environment) &&
    inList(q.tool, tool) &&
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

const SORTERS: Record<
  NonNullable<FleetQuery['sort']>,
  (d: FleetDeployment) => string
> = {
  entity: d => d.entityRef,
  environment: d => d.environment ?? '',
  cluster: d => d.cluster,
  driftState: d => String(DRIFT_STATES.indexOf(d.drift.state)),
  health: d => d.health,
  lastSyncedAt: d => d.lastSyncedAt ?? '',
};

/**
 * The fleet-wide view for platform teams: every deployment of every entity
 * the caller may read, joined with catalog fields, filtered, sorted and
 * paged, with totals per drift state.
 */
export class FleetService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly deployments: DeploymentService,
  ) {}

  async query(
    q: FleetQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetResponse> {
    const { items: entities } = await this.catalog.getEntities(
      {
        filter: LOCATOR_ANNOTATIONS.map(a => ({
          [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
        })),
      },
      { credentials },
    );

    const all: FleetDeployment[] = [];
    const staleReasons = new Set<string>();
    await Promise.all(
      entities.map(async entity => {
        try {
          const answer = await this.deployments.forEntity(entity);
          answer.staleReasons?.forEach(r => staleReasons.add(r));
          for (const d of answer.deployments) all.push(toFleet(entity, d));
        } catch (error) {
          // One entity with a bad annotation must not hide the fleet.
          staleReasons.add(
            `${stringifyEntityRef(entity)}: ${(error as Error).message}`,
          );
        }
      }),
    );

    const totals = Object.fromEntries(DRIFT_STATES.map(s => [s, 0])) as Record<
      DriftState,
      number
    >;
    for (const d of all) if (matches(q, d, true)) totals[d.drift.state] += 1;

    const filtered = all.filter(d => matches(q, d));
    const key = SORTERS[q.sort ?? 'entity'] ?? SORTERS.entity;
    const direction = q.order === 'desc' ? -1 : 1;
    filtered.sort(
      (a, b) =>
        direction * key(a).localeCompare(key(b)) || a.id.localeCompare(b.id),
    );

    const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const offset = Math.max(0, q.offset ?? 0);
    return {
      observedAt: new Date().toISOString(),
      items: filtered.slice(offset, offset + limit),
      totalItems: filtered.length,
      totals,
      offset,
      limit,
      ...(staleReasons.size > 0 && {
        stale: true,
        staleReasons: [...staleReasons],
      }),
    };
  }
}
