import type { Entity } from '@backstage/catalog-model';

/**
 * Annotations that map a catalog entity to GitOps custom resources.
 *
 * They reuse the conventions of the Argo CD and Kubernetes plugins, so
 * catalogs that already carry them need no edits.
 *
 * @public
 */
export const GITOPS_ANNOTATIONS = {
  /** Argo CD Application name(s), comma separated. */
  argocdAppName: 'argocd/app-name',
  /** Label selector matching Argo CD Applications. */
  argocdAppSelector: 'argocd/app-selector',
  /** Namespace holding the Argo CD Applications. */
  argocdAppNamespace: 'argocd/app-namespace',
  /** Argo CD project the Applications belong to. */
  argocdProjectName: 'argocd/project-name',
  /** Matches CRs labelled `backstage.io/kubernetes-id=<id>` (Argo CD and Flux). */
  kubernetesId: 'backstage.io/kubernetes-id',
  /** Label selector matching Argo CD and Flux CRs. */
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  /** Namespace to look for Argo CD and Flux CRs in. */
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
  /** Our own: the order in which environments are shown, comma separated. */
  environments: 'gitops.backstage.io/environments',
} as const;

/** @public */
export type GitOpsAnnotation =
  (typeof GITOPS_ANNOTATIONS)[keyof typeof GITOPS_ANNOTATIONS];

const ALL_ANNOTATIONS: readonly string[] = Object.values(GITOPS_ANNOTATIONS);

/**
 * Splits a comma separated annotation value, trimming items and dropping
 * empty ones.
 *
 * @public
 */
export function parseCommaList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0);
}

/**
 * The GitOps annotations an entity carries with a non-blank value.
 *
 * @public
 */
export function getGitOpsAnnotations(entity: Entity): Record<string, string> {
  const annotations = entity.metadata.annotations ?? {};
  const found: Record<string, string> = {};
  for (const key of ALL_ANNOTATIONS) {
    const value = annotations[key];
    if (typeof value === 'string' && value.trim().length > 0) {
      found[key] = value;
    }
  }
  return found;
}

/**
 * Whether an entity carries any GitOps annotation, used to decide whether the
 * GitOps cards and tab are shown for it.
 *
 * @public
 */
export function isGitOpsAvailable(entity: Entity): boolean {
  return Object.keys(getGitOpsAnnotations(entity)).length > 0;
}
