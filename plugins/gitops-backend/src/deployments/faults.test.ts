import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import {
  startGitHubFacade,
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitHubFacade,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

jest.setTimeout(240_000);

const GITHUB_HOST = 'github.facade.test';
const TOKEN = 'ghs_faults-test-token';

/**
 * Faults the read path must survive: GitHub rate limits (served from cache,
 * marked stale) and a cluster that stops answering (its deployments turn
 * unknown with the last state seen; the other cluster is unaffected).
 * Repositories are read through the GitHub provider here, and through plain
 * Git in readPath.test.ts.
 */
describe('read path faults', () => {
  let production: TestEnvironment;
  let staging: TestEnvironment;
  let git: GitServer;
  let facade: GitHubFacade;
  let server: any;
  let stopBackend: () => Promise<void>;
  let deployedSha: string;

  const deployments = async (): Promise<EntityDeploymentsResponse> => {
    const res = await request(server)
      .get('/api/gitops/entities/default/component/inventory/deployments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    [production, staging, git] = await Promise.all([
      startTestEnvironment(),
      startTestEnvironment(),
      startGitServer(),
    ]);
    facade = await startGitHubFacade({ git, token: TOKEN });
    const repo = await git.createRepository('acme/deploy');
    deployedSha = await repo.commit({
      message: 'inventory: first deployment',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
      date: '2026-11-01T09:00:00Z',
    });
    await repo.commit({
      message: 'inventory: scale out (#7)',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 4\n' },
      date: '2026-11-02T09:00:00Z',
    });

    for (const env of [production, staging]) {
      await env.createNamespace('argocd');
      await env.apply({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'inventory',
          namespace: 'argocd',
          labels: { 'backstage.io/kubernetes-id': 'inventory' },
        },
        spec: {
          project: 'default',
          source: {
            repoURL: `https://${GITHUB_HOST}/acme/deploy`,
            path: 'apps/inventory',
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'inventory',
          },
        },
        status: {
          sync: { status: 'OutOfSync', revision: deployedSha },
          health: { status: 'Healthy' },
          history: [
            {
              id: 1,
              revision: deployedSha,
              deployedAt: '2026-11-01T09:05:00Z',
            },
          ],
        },
      });
    }

    const cluster = (
      name: string,
      env: TestEnvironment,
      environment: string,
    ) => ({
      name,
      url: env.server,
      token: env.adminToken,
      caData: Buffer.from(env.caPem).toString('base64'),
      environment,
    });
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'inventory',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': 'inventory',
          'gitops.backstage.io/environments': 'staging,production',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    };
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                { host: GITHUB_HOST, apiBaseUrl: facade.url, token: TOKEN },
              ],
            },
            gitops: {
              clusters: [
                cluster('staging-1', staging, 'staging'),
                cluster('prod-1', production, 'production'),
              ],
              deploymentCacheSeconds: 0,
              git: {
                fetchIntervalSeconds: 0,
                cacheDir: fs.mkdtempSync(
                  path.join(os.tmpdir(), 'gitops-faults-'),
                ),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    for (let i = 0; i < 150; i++) {
      if ((await deployments()).deployments.length === 2) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await stopBackend?.();
    await facade?.stop();
    await Promise.all([production?.stop(), staging?.stop(), git?.stop()]);
  });

  it('reads both deployments through the GitHub provider, in environment order', async () => {
    const body = await deployments();
    expect(body.stale).toBeUndefined();
    expect(body.deployments.map(d => [d.environment, d.drift.state])).toEqual([
      ['staging', 'behind'],
      ['production', 'behind'],
    ]);
    expect(body.deployments[0].pendingCommits.map(c => c.message)).toEqual([
      'inventory: scale out (#7)',
    ]);
    // Views are kept current by the periodic Git refresh (requests never
    // call Git): its conditional revalidations are answered 304.
    await waitFor(
      'a conditional revalidation',
      async () => facade.served.some(r => r.status === 304),
      { timeoutMs: 10_000 },
    );
    expect(facade.served.some(r => r.status === 304)).toBe(true);
  });

  it('serves from the cache with stale: true while GitHub is rate limited', async () => {
    facade.injectFault({ status: 403, times: Infinity });
    try {
      // The next periodic revalidation meets the rate limit.
      let body = await deployments();
      await waitFor(
        'the rate limit to be noticed',
        async () => Boolean((body = await deployments()).stale),
        { timeoutMs: 10_000 },
      );
      expect(body.stale).toBe(true);
      expect(body.staleReasons?.join('\n')).toMatch(/rate limit/i);
      // Nothing is lost: the pending commit still comes from the cache.
      expect(body.deployments[0].pendingCommits).toHaveLength(1);
    } finally {
      facade.clearFaults();
    }
  });

  it('shows an unreachable cluster as unknown with its last state, leaving the other alone', async () => {
    const lastSeenBefore = (await deployments()).deployments[0].lastSeenAt;
    await staging.stop();
    let body: EntityDeploymentsResponse | undefined;
    for (let i = 0; i < 100; i++) {
      body = await deployments();
      if (body.deployments[0].drift.state === 'unknown') break;
      await new Promise(r => setTimeout(r, 200));
    }
    const [stagingDeployment, productionDeployment] = body!.deployments;
    expect(stagingDeployment.cluster).toBe('staging-1');
    expect(stagingDeployment.drift.state).toBe('unknown');
    expect(stagingDeployment.drift.reasons[0]).toMatchObject({
      code: 'cluster-unreachable',
      since: stagingDeployment.lastSeenAt,
    });
    expect(stagingDeployment.drift.reasons[0].message).toMatch(
      /connection (refused|lost)/,
    );
    // The last observed fields are kept.
    expect(stagingDeployment.deployedRevision).toBe(deployedSha);
    expect(stagingDeployment.lastSeenAt! >= lastSeenBefore!).toBe(true);
    expect(productionDeployment.drift.state).toBe('behind');
    expect(body!.stale).toBe(true);
  });
});
