import type { KubeObject, TestEnvironment } from '@gitops-console/testkit';
import { forEachBounded } from '../load/pool';
import type { SeededRepository } from './gitSeed';
import { KubeWriter } from './kubeWriter';
import {
  argoApplication,
  fluxGitRepository,
  fluxKustomization,
  repoUrlOf,
  stateOf,
  type DeploymentState,
} from './kubeObjects';
import {
  FLUX_REPOSITORY,
  type BenchDeployment,
  type FleetShape,
} from './shape';

export interface SeededDeployment {
  deployment: BenchDeployment;
  state: DeploymentState;
  /** The object as created, status included; freshness changes start here. */
  object: KubeObject;
}

const CONCURRENCY = 32;

/**
 * Creates the fleet's custom resources on the apiserver: per cluster a
 * namespace and the Flux GitRepository, then every Application (status
 * written with the object: it has no status subresource) and Kustomization
 * (created, then status through its subresource), 32 requests in flight.
 */
export async function seedCluster(
  env: TestEnvironment,
  shape: FleetShape,
  repos: Map<string, SeededRepository>,
  gitServerUrl: string,
  onProgress?: (done: number, total: number) => void,
): Promise<SeededDeployment[]> {
  const now = Date.now();
  const flux = repos.get(FLUX_REPOSITORY.fullName)!;
  for (const cluster of shape.clusters) {
    await env.createNamespace(cluster.namespace);
    const source = fluxGitRepository(
      cluster,
      `${gitServerUrl}/${FLUX_REPOSITORY.fullName}.git`,
      flux.head,
      now,
    );
    await env.apply(source);
    await env.setStatus(source);
  }
  const seeded: SeededDeployment[] = shape.deployments.map((d, i) => {
    const state = stateOf(d, i);
    const repo = repos.get(d.repository.fullName)!;
    return {
      deployment: d,
      state,
      object:
        d.tool === 'argo'
          ? argoApplication(d, state, repo, gitServerUrl, now)
          : fluxKustomization(d, state, repo, now),
    };
  });
  let done = 0;
  const writer = new KubeWriter(env, CONCURRENCY);
  try {
    await forEachBounded(
      seeded,
      CONCURRENCY,
      async ({ deployment, object }) => {
        await writer.create(object);
        if (deployment.tool === 'flux') await writer.patchStatus(object);
        done += 1;
        if (done % 1000 === 0) onProgress?.(done, seeded.length);
      },
    );
  } finally {
    writer.close();
  }
  return seeded;
}

export { repoUrlOf };
