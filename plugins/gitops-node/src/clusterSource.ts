/**
 * A custom resource kind that a CD tool keeps its state in.
 *
 * @public
 */
export interface GitOpsResourceKind {
  group: string;
  version: string;
  /** The resource's plural name, as in its URL path. */
  plural: string;
  kind: string;
}

/**
 * A CD tool whose custom resources the cluster index watches, such as Argo CD
 * or Flux. Modules add other tools through
 * {@link gitopsClusterSourcesExtensionPoint}.
 *
 * @public
 */
export interface GitOpsClusterSource {
  /** A short id, for example `argocd`. */
  readonly id: string;
  /** The kinds to list and watch in every cluster. */
  readonly kinds: GitOpsResourceKind[];
}
