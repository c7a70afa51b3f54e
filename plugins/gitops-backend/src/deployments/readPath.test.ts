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
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
  FleetResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  startGitServer,
  startTestEnvironment,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

jest.setTimeout(240_000);

const alice = { name: 'Alice Moreau', email: 'alice@example.com' };
const bob = { name: 'Bob Okafor', email: 'bob@example.com' };
const carol = { name: 'Carol Lindqvist', email: 'carol@example.com' };

function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'group:default/team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
  };
}

describe('the read path against a real apiserver and real Git', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let server: any;
  let stopBackend: () => Promise<void>;
  let ns: string;
  let repoUrl: string;
  const shas: Record<string, string> = {};
  const auth = () => mockCredentials.user.header();

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/deploy');
    repoUrl = `${git.url}/acme/deploy.git`;
    shas.A = await repo.commit({
      message: 'inventory: first deployment',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
      author: alice,
      date: '2026-11-01T09:00:00Z',
    });
    shas.outside = await repo.commit({
      message: 'checkout: tune probes',
      files: { 'apps/inventory-worker/deployment.yaml': 'replicas: 2\n' },
      author: alice,
      date: '2026-11-02T09:00:00Z',
    });
    shas.B = await repo.commit({
      message: 'inventory: bump image to 1.1 (#12)',
      files: {
        'apps/inventory/deployment.yaml': 'replicas: 1\nimage: inventory:1.1\n',
      },
      author: bob,
      date: '2026-11-03T09:00:00Z',
    });
    shas.C = await repo.commit({
      message: 'inventory: raise replicas',
      files: {
        'apps/inventory/deployment.yaml': 'replicas: 3\nimage: inventory:1.1\n',
      },
      author: carol,
      date: '2026-11-04T09:00:00Z',
    });
    shas.S = await repo.commit({
      message: 'search: first deployment',
      files: { 'apps/search/deployment.yaml': 'replicas: 1\n' },
      author: bob,
      date: '2026-11-05T09:00:00Z',
    });

    ns = await env.createNamespace();
    const app = (name: string, id: string, appPath: string, status: any) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': id },
      },
      spec: {
        project: 'default',
        source: { repoURL: repoUrl, path: appPath, targetRevision: 'main' },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: id,
        },
      },
      status,
    });
    await env.apply(
      app('inventory-production', 'inventory', 'apps/inventory', {
        sync: { status: 'OutOfSync', revision: shas.S },
        health: { status: 'Healthy' },
        operationState: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          operation: {
            sync: { revision: shas.A },
            initiatedBy: { automated: true },
          },
          startedAt: '2026-11-01T09:05:00Z',
          finishedAt: '2026-11-01T09:05:10Z',
          syncResult: { revision: shas.A },
        },
        history: [
          {
            id: 1,
            revision: shas.A,
            deployedAt: '2026-11-01T09:05:10Z',
            source: { repoURL: repoUrl },
          },
        ],
      }),
    );
    await env.apply(
      app('search-production', 'catalog-search', 'apps/search', {
        sync: { status: 'OutOfSync', revision: shas.S },
        health: { status: 'Healthy' },
        operationState: {
          phase: 'Succeeded',
          operation: {
            sync: { revision: shas.S },
            initiatedBy: { username: 'bob' },
          },
          startedAt: '2026-11-05T09:05:00Z',
          finishedAt: '2026-11-05T09:05:10Z',
          syncResult: { revision: shas.S },
        },
        history: [
          { id: 1, revision: shas.S, deployedAt: '2026-11-05T09:05:10Z' },
        ],
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'search',
            name: 'search',
            status: 'OutOfSync',
            health: { status: 'Healthy' },
          },
          {
            version: 'v1',
            kind: 'Service',
            namespace: 'search',
            name: 'search',
            status: 'Synced',
          },
        ],
      }),
    );
    const hr = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: {
        name: 'notifications',
        namespace: ns,
        labels: { 'app.kubernetes.io/name': 'notifications' },
      },
      spec: {
        interval: '5m',
        chart: {
          spec: {
            chart: 'notifications',
            version: '1.5.x',
            sourceRef: { kind: 'HelmRepository', name: 'acme' },
          },
        },
      },
    };
    await env.apply(hr);
    await env.setStatus({
      ...hr,
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'UpgradeFailed',
            message: 'Helm upgrade failed: timed out waiting for the condition',
            lastTransitionTime: '2026-11-20T10:00:00Z',
            observedGeneration: 1,
          },
        ],
        history: [
          {
            chartName: 'notifications',
            chartVersion: '1.5.0',
            appVersion: '3.2.0',
            digest: `sha256:${'e'.repeat(64)}`,
            status: 'failed',
            name: 'notifications',
            namespace: ns,
            version: 5,
            firstDeployed: '2026-11-01T00:00:00Z',
            lastDeployed: '2026-11-20T09:59:00Z',
            configDigest: `sha256:${'f'.repeat(64)}`,
          },
          {
            chartName: 'notifications',
            chartVersion: '1.4.2',
            appVersion: '3.1.0',
            digest: `sha256:${'d'.repeat(64)}`,
            status: 'deployed',
            name: 'notifications',
            namespace: ns,
            version: 4,
            firstDeployed: '2026-11-01T00:00:00Z',
            lastDeployed: '2026-11-10T00:00:00Z',
            configDigest: `sha256:${'f'.repeat(64)}`,
          },
        ],
        lastAttemptedRevision: '1.5.0',
      },
    });

    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-readpath-'));
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: [
            component('inventory', {
              'argocd/app-name': 'inventory-production',
            }),
            component(
              'catalog-search',
              { 'backstage.io/kubernetes-id': 'catalog-search' },
              'group:default/team-b',
            ),
            component(
              'notifications',
              {
                'backstage.io/kubernetes-label-selector':
                  'app.kubernetes.io/name=notifications',
              },
              'group:default/team-b',
            ),
            component('ghost', { 'argocd/app-name': 'does-not-exist' }),
            component('broken', { 'argocd/app-selector': 'app in (' }),
            component('plain', {}),
            component('elsewhere', { 'argocd/app-name': 'elsewhere' }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [
                {
                  name: 'prod-eu',
                  url: env.server,
                  token: env.adminToken,
                  caData: Buffer.from(env.caPem).toString('base64'),
                  environment: 'production',
                },
              ],
              git: { allowedHosts: [new URL(git.url).host], cacheDir },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();

    // Wait for the watches to list everything.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await request(server)
        .get('/api/gitops/clusters')
        .set('authorization', auth());
      if (res.body.clusters?.[0]?.synced) break;
      if (Date.now() > deadline)
        throw new Error(`clusters never synced: ${JSON.stringify(res.body)}`);
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  const deployments = async (name: string) =>
    request(server)
      .get(`/api/gitops/entities/default/component/${name}/deployments`)
      .set('authorization', auth());

  it('shows an app deployed at A with Git at C as behind, with B and C pending', async () => {
    const res = await deployments('inventory');
    expect(res.status).toBe(200);
    const body = res.body as EntityDeploymentsResponse;
    expect(body.deployments).toHaveLength(1);
    const [d] = body.deployments;
    expect(d).toMatchObject({
      cluster: 'prod-eu',
      environment: 'production',
      kind: 'argocd-application',
      deployedRevision: shas.A,
      desiredRevision: shas.C,
      drift: { state: 'behind' },
    });
    // Commits outside the path (apps/inventory-worker, apps/search) do not count.
    expect(
      d.pendingCommits.map(c => [c.sha, c.author.name, c.message]),
    ).toEqual([
      [shas.C, 'Carol Lindqvist', 'inventory: raise replicas'],
      [shas.B, 'Bob Okafor', 'inventory: bump image to 1.1 (#12)'],
    ]);
    expect(d.pendingCommits[1].pullRequest?.number).toBe(12);
    expect(d.deployedCommit?.message).toBe('inventory: first deployment');
    expect(d.history[0]).toMatchObject({
      revision: shas.A,
      commit: { author: { name: 'Alice Moreau' } },
    });
    expect(body.observedAt).toBeDefined();
  });

  it('lists the drifted resources of an OutOfSync app with nothing pending', async () => {
    const [d] = (await deployments('catalog-search')).body.deployments;
    expect(d.drift.state).toBe('out-of-sync');
    expect(d.drift.resources).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'search',
        name: 'search',
        status: 'OutOfSync',
        health: 'Healthy',
      },
    ]);
  });

  it('shows a failing HelmRelease with the condition message', async () => {
    const [d] = (await deployments('notifications')).body.deployments;
    expect(d).toMatchObject({
      kind: 'flux-helmrelease',
      deployedRevision: '1.4.2',
      health: 'Degraded',
    });
    expect(d.drift.state).toBe('failing');
    expect(d.drift.reasons[0].message).toBe(
      'Ready=False (UpgradeFailed): Helm upgrade failed: timed out waiting for the condition',
    );
  });

  it('gives HelmRelease history its initiator, with no empty revision', async () => {
    const [d] = (await deployments('notifications')).body.deployments;
    expect(
      d.history.map((h: any) => [h.revision, h.status, h.initiatedBy]),
    ).toEqual([
      ['1.5.0', 'failed', { automated: true }],
      ['1.4.2', 'deployed', { automated: true }],
    ]);
  });

  it('shows a status change within 2 s without a request to the apiserver for the page view', async () => {
    await deployments('catalog-search');
    const before = (
      await request(server)
        .get('/api/gitops/clusters')
        .set('authorization', auth())
    ).body as ClustersResponse;
    const app = await env.get<any>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'search-production', namespace: ns },
    });
    delete app.metadata.managedFields;
    app.status.sync.status = 'Synced';
    app.status.resources = [];
    await env.apply(app);
    const start = Date.now();
    let state = '';
    while (Date.now() - start < 2000) {
      const [d] = (await deployments('catalog-search')).body.deployments;
      state = d.drift.state;
      if (state === 'in-sync') break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(state).toBe('in-sync');
    const after = (
      await request(server)
        .get('/api/gitops/clusters')
        .set('authorization', auth())
    ).body as ClustersResponse;
    expect(after.clusters[0].requests).toBe(before.clusters[0].requests);
  });

  it('fetches again when the cluster runs a commit newer than the Git cache', async () => {
    // The mirror was fetched by the earlier tests; this push is not in it.
    const repo = git.repository('acme/deploy')!;
    const newer = await repo.commit({
      message: 'search: two replicas',
      files: { 'apps/search/deployment.yaml': 'replicas: 2\n' },
      author: carol,
      date: '2026-11-06T09:00:00Z',
    });
    const app = await env.get<any>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'search-production', namespace: ns },
    });
    delete app.metadata.managedFields;
    app.status.sync = { status: 'Synced', revision: newer };
    app.status.operationState.syncResult.revision = newer;
    app.status.operationState.operation.sync.revision = newer;
    app.status.history.push({
      id: 2,
      revision: newer,
      deployedAt: '2026-11-06T09:05:00Z',
    });
    await env.apply(app);
    let d: any;
    for (let i = 0; i < 40; i++) {
      [d] = (await deployments('catalog-search')).body.deployments;
      if (d.deployedRevision === newer) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(d).toMatchObject({
      deployedRevision: newer,
      desiredRevision: newer,
      drift: { state: 'in-sync' },
      deployedCommit: { message: 'search: two replicas' },
    });
  });

  it('answers 404 for an unknown entity', async () => {
    const res = await deployments('nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/component:default\/nope/);
  });

  it('answers 200 with a reason for an entity without GitOps annotations', async () => {
    const res = await deployments('plain');
    expect(res.status).toBe(200);
    expect(res.body.deployments).toEqual([]);
    expect(res.body.reason).toMatch(/no GitOps annotations/);
  });

  it('answers 400 naming the annotation for a malformed selector', async () => {
    const res = await deployments('broken');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/argocd\/app-selector/);
  });

  it('lists an annotation naming a CR no cluster has under problems', async () => {
    const res = await deployments('ghost');
    expect(res.status).toBe(200);
    expect(res.body.deployments).toEqual([]);
    expect(res.body.problems).toEqual([
      {
        annotation: 'argocd/app-name',
        value: 'does-not-exist',
        message:
          "no Argo CD Application named 'does-not-exist' in any reachable cluster",
      },
    ]);
  });

  it("shows a repository that matches no integration as that deployment's problem", async () => {
    await env.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'elsewhere', namespace: ns },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://evil.example.com/x/y.git',
          path: 'apps/x',
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'x',
        },
      },
    });
    let res;
    for (let i = 0; i < 100; i++) {
      res = await deployments('elsewhere');
      if (res.body.deployments?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
    // Issue 11: one foreign resource is its own deployment's problem, never
    // a 422 for the whole entity.
    expect(res!.status).toBe(200);
    const [d] = (res!.body as EntityDeploymentsResponse).deployments;
    expect(d).toMatchObject({
      name: 'elsewhere',
      cluster: 'prod-eu',
      problem: { code: 'repository-not-allowed' },
    });
    expect(d.problem!.message).toMatch(
      /evil\.example\.com.*gitops\.git\.allowedHosts/,
    );
  });

  it('serves the fleet filtered by owner and drift state, with totals', async () => {
    const res = await request(server)
      .get('/api/gitops/deployments?owner=team-b&driftState=failing')
      .set('authorization', auth());
    expect(res.status).toBe(200);
    const body = res.body as FleetResponse;
    expect(body.items.map(i => i.entityRef)).toEqual([
      'component:default/notifications',
    ]);
    expect(body.totals).toMatchObject({
      failing: 1,
      'out-of-sync': 0,
      'in-sync': 1,
    });
    expect(body.totalItems).toBe(1);

    const bad = await request(server)
      .get('/api/gitops/deployments?driftState=sideways')
      .set('authorization', auth());
    expect(bad.status).toBe(400);
  });

  it('pages the history of an entity', async () => {
    const res = await request(server)
      .get('/api/gitops/entities/default/component/inventory/history?limit=1')
      .set('authorization', auth());
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      revision: shas.A,
      cluster: 'prod-eu',
    });
  });
});
