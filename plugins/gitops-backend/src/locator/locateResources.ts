import type { Entity } from '@backstage/catalog-model';
import {
  GITOPS_ANNOTATIONS,
  parseCommaList,
  type GitOpsResourceKindName,
} from '@gitops-console/plugin-gitops-common';
import {
  isLabelValue,
  LabelSelectorSyntaxError,
  matchesLabels,
  parseLabelSelector,
  type LabelRequirement,
} from './labelSelector';

const ARGO: GitOpsResourceKindName[] = ['argocd-application'];
const ALL: GitOpsResourceKindName[] = [
  'argocd-application',
  'flux-kustomization',
  'flux-helmrelease',
];

/**
 * One way an entity names its CD resources, straight from one annotation.
 */
export interface ResourceQuery {
  annotation: string;
  value: string;
  kinds: GitOpsResourceKindName[];
  namespace?: string;
  name?: string;
  selector?: LabelRequirement[];
  /** Argo CD only: the Application's `spec.project`. */
  project?: string;
  /**
   * Argo CD only: the Applications' namespace (`argocd/app-namespace`),
   * which also limits the Argo CD resources that a Kubernetes id or label
   * selector names.
   */
  argoNamespace?: string;
}

/** A CD resource as the index holds it, enough to match queries. */
export interface LocatableResource {
  kind: GitOpsResourceKindName;
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  project?: string;
}

/** An annotation whose value cannot be used; the API answers 400. */
export class InvalidAnnotationError extends Error {
  constructor(
    readonly annotation: string,
    readonly value: string,
    problem: string,
  ) {
    super(`annotation ${annotation}: ${problem}`);
    this.name = 'InvalidAnnotationError';
  }
}

function selectorOf(annotation: string, value: string): LabelRequirement[] {
  try {
    return parseLabelSelector(value);
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) {
      throw new InvalidAnnotationError(annotation, value, error.message);
    }
    throw error;
  }
}

function namespaceOf(annotations: Record<string, string>, key: string) {
  const value = annotations[key]?.trim();
  return value ? value : undefined;
}

/**
 * Maps an entity's annotations (docs/design.md) to queries for its CD
 * resources. Throws {@link InvalidAnnotationError} naming the annotation for
 * a malformed selector or an empty name list.
 */
export function locateResources(entity: Entity): ResourceQuery[] {
  const annotations = entity.metadata.annotations ?? {};
  const queries: ResourceQuery[] = [];
  const argoNamespace = namespaceOf(
    annotations,
    GITOPS_ANNOTATIONS.argocdAppNamespace,
  );
  const kubeNamespace = namespaceOf(
    annotations,
    GITOPS_ANNOTATIONS.kubernetesNamespace,
  );
  const project = namespaceOf(
    annotations,
    GITOPS_ANNOTATIONS.argocdProjectName,
  );

  const appName = annotations[GITOPS_ANNOTATIONS.argocdAppName];
  if (appName !== undefined) {
    const names = parseCommaList(appName);
    if (names.length === 0) {
      throw new InvalidAnnotationError(
        GITOPS_ANNOTATIONS.argocdAppName,
        appName,
        'names no Application (the value is empty)',
      );
    }
    for (const name of names) {
      queries.push({
        annotation: GITOPS_ANNOTATIONS.argocdAppName,
        value: name,
        kinds: ARGO,
        namespace: argoNamespace,
        name,
        project,
      });
    }
  }

  const appSelector = annotations[GITOPS_ANNOTATIONS.argocdAppSelector];
  if (appSelector !== undefined) {
    queries.push({
      annotation: GITOPS_ANNOTATIONS.argocdAppSelector,
      value: appSelector,
      kinds: ARGO,
      namespace: argoNamespace,
      selector: selectorOf(GITOPS_ANNOTATIONS.argocdAppSelector, appSelector),
      project,
    });
  }

  const kubernetesId = annotations[GITOPS_ANNOTATIONS.kubernetesId];
  if (kubernetesId !== undefined) {
    const id = kubernetesId.trim();
    if (!id) {
      throw new InvalidAnnotationError(
        GITOPS_ANNOTATIONS.kubernetesId,
        kubernetesId,
        'the id is empty',
      );
    }
    // Checked as one label value: pasted into a selector, `a,b` or `=a`
    // would be read as selector syntax (an extra requirement, another id).
    if (!isLabelValue(id)) {
      throw new InvalidAnnotationError(
        GITOPS_ANNOTATIONS.kubernetesId,
        kubernetesId,
        `'${id}' is not a valid label value`,
      );
    }
    queries.push({
      annotation: GITOPS_ANNOTATIONS.kubernetesId,
      value: id,
      kinds: ALL,
      namespace: kubeNamespace,
      argoNamespace,
      project,
      selector: [
        { key: GITOPS_ANNOTATIONS.kubernetesId, op: 'in', values: [id] },
      ],
    });
  }

  const labelSelector = annotations[GITOPS_ANNOTATIONS.kubernetesLabelSelector];
  if (labelSelector !== undefined) {
    queries.push({
      annotation: GITOPS_ANNOTATIONS.kubernetesLabelSelector,
      value: labelSelector,
      kinds: ALL,
      namespace: kubeNamespace,
      argoNamespace,
      project,
      selector: selectorOf(
        GITOPS_ANNOTATIONS.kubernetesLabelSelector,
        labelSelector,
      ),
    });
  }

  return queries;
}

/** Whether a resource answers a query. */
export function matchesQuery(
  query: ResourceQuery,
  resource: LocatableResource,
): boolean {
  if (!query.kinds.includes(resource.kind)) return false;
  // The entity's own namespace and project annotations are filters: a
  // labelled resource elsewhere is not this entity's (docs/security.md).
  const namespace =
    resource.kind === 'argocd-application'
      ? query.argoNamespace ?? query.namespace
      : query.namespace;
  if (namespace && namespace !== resource.namespace) return false;
  if (query.name && query.name !== resource.name) return false;
  if (query.selector && !matchesLabels(query.selector, resource.labels))
    return false;
  if (
    query.project &&
    resource.kind === 'argocd-application' &&
    query.project !== resource.project
  ) {
    return false;
  }
  return true;
}
