import type { GitOpsResourceKindName } from '@gitops-console/plugin-gitops-common';

/** A custom resource kind the cluster index lists and watches. */
export interface WatchedKind {
  /** Our name for it: a deployment kind, or a Flux source. */
  id: GitOpsResourceKindName | 'flux-gitrepository' | 'flux-ocirepository';
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** The kinds docs/design.md names: one list+watch per cluster × kind. */
export const WATCHED_KINDS: readonly WatchedKind[] = [
  {
    id: 'argocd-application',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    kind: 'Application',
  },
  {
    id: 'flux-kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'kustomizations',
    kind: 'Kustomization',
  },
  {
    id: 'flux-helmrelease',
    group: 'helm.toolkit.fluxcd.io',
    version: 'v2',
    plural: 'helmreleases',
    kind: 'HelmRelease',
  },
  {
    id: 'flux-gitrepository',
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'gitrepositories',
    kind: 'GitRepository',
  },
  {
    id: 'flux-ocirepository',
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'ocirepositories',
    kind: 'OCIRepository',
  },
];

export type WatchedKindId = WatchedKind['id'];
