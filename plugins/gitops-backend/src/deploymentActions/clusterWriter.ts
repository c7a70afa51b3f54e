import type {
  ClusterActionKind,
  ClusterActionName,
  ClusterActionRequest,
} from '../clusterWrites';
import type { Deployment } from '@gitops-console/plugin-gitops-common';

export type { ClusterActionRequest };
export type ClusterActionType = ClusterActionName;

const KINDS: Record<Deployment['kind'], ClusterActionKind> = {
  'argocd-application': 'Application',
  'flux-kustomization': 'Kustomization',
  'flux-helmrelease': 'HelmRelease',
};

/** The CD resource kind a deployment's kind names. */
export const clusterKindOf = (kind: Deployment['kind']) => KINDS[kind];

/**
 * What the actions need of the cluster writes (src/clusterWrites'
 * ClusterActionWriter): a one-line description of the patch, and the patch
 * itself. Their typed errors carry the HTTP status (`statusCode`).
 */
export interface ClusterActionWriterLike {
  describe(request: ClusterActionRequest): string | Promise<string>;
  apply(request: ClusterActionRequest): Promise<unknown>;
}
