/** The CD resources a cluster action writes to. */
export type ClusterActionKind = 'Application' | 'Kustomization' | 'HelmRelease';

/** The actions done through the cluster's API rather than Git. */
export type ClusterActionName =
  | 'sync'
  | 'refresh'
  | 'reconcile'
  | 'suspend'
  | 'resume';

/** One cluster action, as the actions service asks for it. */
export interface ClusterActionRequest {
  /** A configured cluster's name (`gitops.clusters[].name`). */
  cluster: string;
  kind: ClusterActionKind;
  namespace: string;
  name: string;
  action: ClusterActionName;
  /** Argo CD sync: the revision to sync to; the Application's target when absent. */
  revision?: string;
  /** The Backstage user, e.g. `user:default/alice` (Argo CD's `initiatedBy.username`). */
  username: string;
}

/** An object a cluster action patched. */
export interface PatchedObject {
  kind: string;
  namespace: string;
  name: string;
}

export interface ClusterActionResult {
  /** One line saying what was written, for the action record. */
  effect: string;
  /** In the order written: a Flux source first, then the object. */
  patched: PatchedObject[];
}
