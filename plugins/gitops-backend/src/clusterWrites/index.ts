/**
 * The cluster side of the actions (issue 12): sync and refresh of an Argo CD
 * Application, reconcile, suspend and resume of a Flux Kustomization or
 * HelmRelease, written as merge patches through the cluster's API.
 */
export {
  ClusterActionWriter,
  DEFAULT_CLUSTER_ACTION_TIMEOUT_MS,
} from './ClusterActionWriter';
export type { ClusterActionWriterOptions } from './ClusterActionWriter';
export { ACTIONS_BY_KIND, assertActionFits } from './actionFit';
export {
  ARGOCD_REFRESH_ANNOTATION,
  FLUX_RECONCILE_ANNOTATION,
  describeClusterAction,
  planClusterPatch,
} from './planClusterPatch';
export type { ClusterPatchPlan, PlannedPatch } from './planClusterPatch';
export * from './errors';
export type * from './types';
