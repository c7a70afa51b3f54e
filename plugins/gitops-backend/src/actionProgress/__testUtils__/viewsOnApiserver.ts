import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { GitServer, TestEnvironment } from '@gitops-console/testkit';
import { waitFor } from '@gitops-console/testkit';
import { ClusterIndex } from '../../cluster/ClusterIndex';
import { readClusters } from '../../config/readClusters';
import { DeploymentService } from '../../deployments/DeploymentService';
import { GitService } from '../../git';

/** One catalog component located by `backstage.io/kubernetes-id`. */
export function componentFor(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** An Argo CD Application deployed at `revision` of `apps/<id>` on main. */
export function argoApplication(options: {
  name: string;
  namespace: string;
  id: string;
  repoUrl: string;
  revision: string;
  health?: string;
  /** When the last sync finished; default now. */
  syncedAt?: string;
}) {
  const at =
    options.syncedAt ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { revision } = options;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { 'backstage.io/kubernetes-id': options.id },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: options.repoUrl,
        path: `apps/${options.id}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: options.id,
      },
    },
    status: {
      sync: { status: 'Synced', revision },
      health: { status: options.health ?? 'Healthy' },
      operationState: {
        phase: 'Succeeded',
        operation: { sync: { revision }, initiatedBy: { automated: true } },
        startedAt: at,
        finishedAt: at,
        syncResult: { revision },
      },
      history: [{ id: 1, revision, deployedAt: at }],
    },
  };
}

/**
 * The serving model as the plugin wires it (cluster index on the real
 * apiserver, Git service on the real Git server, deployment views fed by
 * both and by a mock catalog), without the HTTP layer.
 */
export async function startViews(options: {
  env: TestEnvironment;
  git: GitServer;
  entities: Entity[];
}) {
  const logger = mockServices.logger.mock();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-progress-'));
  const config = new ConfigReader({
    gitops: {
      clusters: [
        {
          name: 'prod',
          url: options.env.server,
          token: options.env.adminToken,
          caData: Buffer.from(options.env.caPem).toString('base64'),
          environment: 'production',
        },
      ],
      git: {
        fetchIntervalSeconds: 1,
        allowedHosts: [new URL(options.git.url).host],
        cacheDir,
      },
    },
  });
  const clusters = readClusters(config).clusters;
  const git = GitService.fromConfig(config, { logger });
  const index = new ClusterIndex({ clusters, logger });
  const deployments = new DeploymentService({
    index,
    git,
    clusters,
    logger,
    catalog: catalogServiceMock({ entities: options.entities }),
    auth: mockServices.auth(),
    signalChannel: ref => `gitops:test:${ref}`,
  });
  index.start();
  git.start();
  await deployments.start();

  /** The entity's deployment once the view shows what `ready` accepts. */
  const deploymentWhen = async (
    entityRef: string,
    what: string,
    ready: (d: Deployment) => boolean,
  ): Promise<Deployment> => {
    let found: Deployment | undefined;
    await waitFor(
      what,
      async () => {
        found = deployments.views
          .answer(entityRef)
          ?.deployments.find(d => ready(d));
        return Boolean(found);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return found!;
  };

  return {
    git,
    deployments,
    views: deployments.views,
    logger,
    deploymentWhen,
    async stop() {
      await deployments.stop();
      await index.stop();
      await git.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
