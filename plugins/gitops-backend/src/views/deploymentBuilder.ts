import type {
  ArgoApplication,
  Deployment,
  FluxHelmRelease,
  FluxKustomization,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { ClusterIndex } from '../cluster/ClusterIndex';
import type { KubeObject } from '../cluster/kubeObject';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { buildArgoDeployment } from '../deployments/buildArgoDeployment';
import {
  createBuildContext,
  type BuildContext,
} from '../deployments/buildContext';
import {
  buildHelmReleaseDeployment,
  buildKustomizationDeployment,
} from '../deployments/buildFluxDeployment';
import {
  withCommitLinks,
  type CommitUrlResolver,
} from '../deployments/commitLinks';
import { GitRepositoryNotAllowedError } from '../git/errors';
import { InvalidRepoUrlError } from '../git/repoUrl';
import { failedDeployment } from './failedDeployment';
import type { IndexedResource } from './ResourceMatcher';

export interface DeploymentBuilderOptions {
  index: ClusterIndex;
  git: GitProvider;
  clusters: GitOpsClusterConfig[];
  historyLimit?: number;
  commitUrl?: CommitUrlResolver;
  /** Applied to every deployment before it is stored (credential redaction). */
  redact?: (deployment: Deployment) => Deployment;
}

/** Errors that concern the deployment's repository, not the plugin. */
function isRepositoryRefusal(error: unknown): boolean {
  return (
    error instanceof GitRepositoryNotAllowedError ||
    error instanceof InvalidRepoUrlError
  );
}

/**
 * The function views call to build one deployment from its CR: the cluster
 * facts from the index, the Git facts from the provider, links and
 * redaction applied once here rather than per request.
 */
export function deploymentBuilder(options: DeploymentBuilderOptions) {
  const configs = new Map(options.clusters.map(c => [c.name, c]));
  return async (
    resource: IndexedResource,
    object: KubeObject,
  ): Promise<Deployment> => {
    const config = configs.get(resource.cluster);
    const ctx: BuildContext = createBuildContext({
      cluster: resource.cluster,
      status: options.index.status(resource.cluster)!,
      clusterConfig: config,
      git: options.git,
      index: options.index,
      historyLimit: options.historyLimit,
    });
    let deployment: Deployment;
    try {
      deployment = await buildOne(ctx, resource, object);
    } catch (error) {
      // A repository this backend may not read is that deployment's
      // problem: the entity's other deployments stay complete.
      if (!isRepositoryRefusal(error)) throw error;
      deployment = failedDeployment(
        resource,
        'repository-not-allowed',
        error,
        config?.environment,
      );
    }
    if (options.commitUrl) {
      deployment = withCommitLinks(deployment, options.commitUrl);
    }
    return options.redact ? options.redact(deployment) : deployment;
  };
}

function buildOne(
  ctx: BuildContext,
  resource: IndexedResource,
  object: KubeObject,
): Promise<Deployment> {
  switch (resource.kind) {
    case 'argocd-application':
      return buildArgoDeployment(ctx, object as unknown as ArgoApplication);
    case 'flux-kustomization':
      return buildKustomizationDeployment(
        ctx,
        object as unknown as FluxKustomization,
      );
    default:
      return buildHelmReleaseDeployment(
        ctx,
        object as unknown as FluxHelmRelease,
      );
  }
}
