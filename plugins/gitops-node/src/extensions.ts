import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GitProvider } from './gitProvider';
import type { GitOpsClusterSource } from './clusterSource';

/**
 * Lets backend modules add Git providers (GitLab, Bitbucket, ...).
 *
 * @public
 */
export interface GitOpsGitProvidersExtensionPoint {
  addGitProvider(...providers: GitProvider[]): void;
}

/** @public */
export const gitopsGitProvidersExtensionPoint =
  createExtensionPoint<GitOpsGitProvidersExtensionPoint>({
    id: 'gitops.git-providers',
  });

/**
 * Lets backend modules add CD tools whose custom resources are watched.
 *
 * @public
 */
export interface GitOpsClusterSourcesExtensionPoint {
  addClusterSource(...sources: GitOpsClusterSource[]): void;
}

/** @public */
export const gitopsClusterSourcesExtensionPoint =
  createExtensionPoint<GitOpsClusterSourcesExtensionPoint>({
    id: 'gitops.cluster-sources',
  });
