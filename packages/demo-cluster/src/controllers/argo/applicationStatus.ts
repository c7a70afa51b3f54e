import { KubeObject } from '../../store/kubeObject';
import { RenderedResource } from '../renderedResources';

/*
 * The shapes Argo CD writes into an Application's status (v1alpha1):
 * sync, health, operationState, history, resources, reconciledAt.
 */

export interface ApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}

export type InitiatedBy = { automated: true } | { username: string };

export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatusCode =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

export function sourceOf(app: KubeObject): ApplicationSource | undefined {
  const spec = app.spec as
    | { source?: ApplicationSource; sources?: ApplicationSource[] }
    | undefined;
  return (
    spec?.source ??
    spec?.sources?.find(s => s.path !== undefined) ??
    spec?.sources?.[0]
  );
}

export function isAutomated(app: KubeObject): boolean {
  return Boolean((app.spec as any)?.syncPolicy?.automated);
}

export function selfHeals(app: KubeObject): boolean {
  return Boolean((app.spec as any)?.syncPolicy?.automated?.selfHeal);
}

/** What is live: the last successful sync's revision, else the newest history entry. */
export function deployedRevisionOf(app: KubeObject): string | undefined {
  const status = app.status as any;
  const op = status?.operationState;
  if (
    op?.phase === 'Succeeded' &&
    op.syncResult?.revision &&
    !op.operation?.sync?.dryRun
  ) {
    return op.syncResult.revision;
  }
  const history = status?.history as Array<{ revision?: string }> | undefined;
  return history?.[history.length - 1]?.revision;
}

/** Kubernetes kinds without a health assessment in Argo CD. */
const NO_HEALTH = new Set([
  'ConfigMap',
  'Secret',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Role',
  'RoleBinding',
]);

export function resourceStatuses(
  resources: RenderedResource[],
  statusOf: (r: RenderedResource) => SyncStatusCode,
  health: HealthStatusCode,
) {
  return resources.map(r => ({
    group: r.group || undefined,
    version: r.version,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    status: statusOf(r),
    ...(NO_HEALTH.has(r.kind)
      ? {}
      : { health: { status: r.kind === 'Deployment' ? health : 'Healthy' } }),
  }));
}

export function syncResultResources(resources: RenderedResource[]) {
  return resources.map(r => ({
    group: r.group,
    version: r.version,
    kind: r.kind,
    namespace: r.namespace ?? '',
    name: r.name,
    status: 'Synced',
    message: `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${
      r.name
    } configured`,
    hookPhase: 'Running',
    syncPhase: 'Sync',
  }));
}

export const resourceKeyOf = (r: {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
}) => `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** Removes undefined values, which the API would otherwise see as absent anyway. */
export function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
