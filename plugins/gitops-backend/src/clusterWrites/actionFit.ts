import { ClusterActionUnfitError } from './errors';
import type { ClusterActionKind, ClusterActionName } from './types';

/** Which action each CD kind takes: Argo CD syncs and refreshes, Flux the rest. */
export const ACTIONS_BY_KIND: Record<
  ClusterActionKind,
  readonly ClusterActionName[]
> = {
  Application: ['sync', 'refresh'],
  Kustomization: ['reconcile', 'suspend', 'resume'],
  HelmRelease: ['reconcile', 'suspend', 'resume'],
};

/**
 * Refuses (422) an action the kind does not take, or a kind that is not a
 * CD resource, before anything is read from the cluster.
 */
export function assertActionFits(kind: string, action: string): void {
  const actions = ACTIONS_BY_KIND[kind as ClusterActionKind] as
    | readonly string[]
    | undefined;
  if (!actions) {
    throw new ClusterActionUnfitError(
      `${kind} is not a CD resource a cluster action writes to (Application, Kustomization or HelmRelease)`,
      'kind',
    );
  }
  if (!actions.includes(action)) {
    const tool = kind === 'Application' ? 'an Argo CD' : 'a Flux';
    throw new ClusterActionUnfitError(
      `'${action}' does not fit ${tool} ${kind}; it takes ${actions
        .map(a => `'${a}'`)
        .join(', ')}`,
    );
  }
}
