import { createHash } from 'node:crypto';
import { KubeObject } from '../../store/kubeObject';

/*
 * Shapes shared by the Flux controllers: Kubernetes conditions, artifact
 * digests, and the reconcile-request annotation.
 */

export const RECONCILE_REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/**
 * Sets a condition, keeping its lastTransitionTime when its status does not
 * change, as controller-runtime's helpers do. Ready stays first.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  next: Condition,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex(c => c.type === next.type);
  if (index >= 0) {
    const previous = list[index];
    list[index] = {
      ...next,
      lastTransitionTime:
        previous.status === next.status
          ? previous.lastTransitionTime
          : next.lastTransitionTime,
    };
  } else {
    list.push(next);
  }
  const rank = (c: Condition) => (c.type === 'Ready' ? 0 : 1);
  return list.sort((a, b) => rank(a) - rank(b));
}

export function removeCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition[] {
  return (conditions ?? []).filter(c => c.type !== type);
}

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function requestedAt(object: KubeObject): string | undefined {
  return object.metadata.annotations?.[RECONCILE_REQUESTED_AT];
}

/** `lastHandledReconcileAt` for a pending reconcile request, or nothing. */
export function handledReconcile(object: KubeObject): {
  lastHandledReconcileAt?: string;
} {
  const at = requestedAt(object);
  return at ? { lastHandledReconcileAt: at } : {};
}

export function isSuspended(object: KubeObject): boolean {
  return (object.spec as any)?.suspend === true;
}

/** Whether something asks for a reconcile: a spec change or a reconcile request. */
export function needsReconcile(object: KubeObject): boolean {
  const status = (object.status ?? {}) as {
    observedGeneration?: number;
    lastHandledReconcileAt?: string;
  };
  const requested = requestedAt(object);
  return (
    object.metadata.generation !== status.observedGeneration ||
    (requested !== undefined && requested !== status.lastHandledReconcileAt)
  );
}

/** `main@sha1:<sha>`, Flux's revision format for a Git branch. */
export function gitRevision(branch: string, sha: string): string {
  return `${branch}@sha1:${sha}`;
}

export function shaOfRevision(
  revision: string | undefined,
): string | undefined {
  return revision?.match(/sha1:([0-9a-f]{40})$/)?.[1];
}
