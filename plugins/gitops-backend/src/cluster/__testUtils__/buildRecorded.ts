import type {
  ArgoApplication,
  Deployment,
  FluxHelmRelease,
  FluxKustomization,
} from '@gitops-console/plugin-gitops-common';
import { buildArgoDeployment } from '../../deployments/buildArgoDeployment';
import { createBuildContext } from '../../deployments/buildContext';
import {
  buildHelmReleaseDeployment,
  buildKustomizationDeployment,
} from '../../deployments/buildFluxDeployment';
import type { ClusterIndex, ClusterStatus } from '../ClusterIndex';
import type { KubeObject } from '../kubeObject';
import type { WatchedKindId } from '../watchedKinds';
import { RecordingGitProvider } from './recordingGitProvider';

/** The same cluster facts for every build: only the objects differ. */
const STATUS: Omit<ClusterStatus, 'name'> = {
  reachable: true,
  synced: true,
  kinds: {},
  requests: 0,
  lastSeenAt: '2026-11-30T12:00:00Z',
};

/**
 * Builds the deployment of one CR against a recording Git provider, and
 * returns it with the questions it asked Git.
 */
export async function buildRecorded(options: {
  cluster: string;
  kind: WatchedKindId;
  object: KubeObject;
  index: ClusterIndex;
}): Promise<{ deployment: Deployment; calls: string[] }> {
  const git = new RecordingGitProvider();
  const ctx = createBuildContext({
    cluster: options.cluster,
    status: { ...STATUS, name: options.cluster },
    clusterConfig: { environment: 'production', argocdUrl: 'https://argo' },
    index: options.index,
    git,
  });
  const object = options.object as unknown;
  let deployment: Deployment;
  if (options.kind === 'argocd-application') {
    deployment = await buildArgoDeployment(ctx, object as ArgoApplication);
  } else if (options.kind === 'flux-kustomization') {
    deployment = await buildKustomizationDeployment(
      ctx,
      object as FluxKustomization,
    );
  } else {
    deployment = await buildHelmReleaseDeployment(
      ctx,
      object as FluxHelmRelease,
    );
  }
  return { deployment, calls: git.calls };
}
