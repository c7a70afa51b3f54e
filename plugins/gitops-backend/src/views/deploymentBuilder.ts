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
import { GitWatch, type WatchedRepositories } from '../deployments/GitWatch';
import { withCiStatus, type CiStatusOf } from '../deployments/withCiStatus';
import type { IndexedResource } from './ResourceMatcher';

export interface DeploymentBuilderOptions {
  index: ClusterIndex;
  git: GitProvider;
  clusters: GitOpsClusterConfig[];
  historyLimit?: number;
  commitUrl?: CommitUrlResolver;
  /** Applied to every deployment before it is stored (credential redaction). */
  redact?: (deployment: Deployment) => Deployment;
  /** Shown commits' CI states from memory (GitService.knownCiStatus). */
  ciStatus?: CiStatusOf;
}

/** What each built deployment read from Git, by the deployment object. */
const watched = new WeakMap<Deployment, WatchedRepositories>();

/**
 * The repositories a deployment built here read, with the files whose
 * change can change it; undefined for one built elsewhere.
 */
export function watchedRepositoriesOf(
  deployment: Deployment,
): WatchedRepositories | undefined {
  return watched.get(deployment);
}

/** Records what a built deployment read from Git (the builder does). */
export function recordWatchedRepositories(
  deployment: Deployment,
  repositories: WatchedRepositories,
): Deployment {
  watched.set(deployment, repositories);
  return deployment;
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
    const watch = new GitWatch();
    const ctx: BuildContext = createBuildContext({
      cluster: resource.cluster,
      status: options.index.status(resource.cluster)!,
      clusterConfig: config,
      git: options.git,
      index: options.index,
      historyLimit: options.historyLimit,
      watch,
    });
    // A repository that may not be read is the builders' `problem` of that
    // deployment; anything thrown is caught by the views (one resource
    // never hides the others).
    let deployment = await buildOne(ctx, resource, object);
    if (options.ciStatus) {
      deployment = withCiStatus(deployment, options.ciStatus);
    }
    if (options.commitUrl) {
      deployment = withCommitLinks(deployment, options.commitUrl);
    }
    if (options.redact) deployment = options.redact(deployment);
    return recordWatchedRepositories(deployment, watch.repositories);
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
