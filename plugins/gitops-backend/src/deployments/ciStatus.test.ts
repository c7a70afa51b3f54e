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

const TOKEN = 'ghs_ci-views-token-31c0';
const HOST = 'github.ci-views.test';

/**
 * Issue 14: the deployed commit, the pending commits and the history carry
 * their CI state from GitHub's commit statuses and check runs, read in the
 * background and reaching the answer without a page view asking GitHub.
 */
describe('CI states in the deployments answer', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let facade: GitHubFacade;
  let server: any;
  let stopBackend: () => Promise<void>;
  const shas: string[] = [];

  const answer = async (): Promise<EntityDeploymentsResponse> =>
    (
      await request(server)
        .get('/api/gitops/entities/default/component/inventory/deployments')
        .set('authorization', mockCredentials.user.header())
    ).body;
  const postStatus = async (sha: string, body: unknown) => {
    const res = await fetch(`${facade.url}/repos/acme/deploy/statuses/${sha}`, {
      method: 'POST',
      headers: {
        authorization: `token ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    [env, git] = await Promise.all([startTestEnvironment(), startGitServer()]);
    facade = await startGitHubFacade({ git, token: TOKEN });
    const repo = await git.createRepository('acme/deploy');
    shas.push(
      await repo.commit({
        message: 'inventory: first',
        files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
      }),
    );
    shas.push(
      await repo.commit({
        message: 'inventory: scale out',
        files: { 'apps/inventory/deployment.yaml': 'replicas: 4\n' },
      }),
    );
    await postStatus(shas[0], {
      state: 'success',
      context: 'build',
      target_url: 'https://ci.example.com/1',
    });
    const ns = await env.createNamespace();
    await env.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'inventory',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'inventory' },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: `https://${HOST}/acme/deploy`,
          path: 'apps/inventory',
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'inventory',
        },
      },
      status: {
        sync: { status: 'OutOfSync', revision: shas[0] },
        health: { status: 'Healthy' },
        history: [
          { id: 1, revision: shas[0], deployedAt: '2026-11-01T09:05:00Z' },
        ],
      },
    });
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'inventory',
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': 'inventory' },
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
              github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
            },
            gitops: {
              clusters: [
                {
                  name: 'prod',
                  url: env.server,
                  token: env.adminToken,
                  caData: Buffer.from(env.caPem).toString('base64'),
                  environment: 'production',
                },
              ],
              ci: { pollSeconds: 1 },
              git: {
                cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-ci-')),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await facade?.stop();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('shows the deployed commit passed and marks the pending commit whose CI failed', async () => {
    await waitFor(
      'the deployed commit CI state',
      async () =>
        (await answer()).deployments?.[0]?.deployedCommit?.ci?.state ===
        'success',
      { timeoutMs: 60_000 },
    );
    const first = (await answer()).deployments[0];
    expect(first.deployedCommit?.ci).toEqual({
      state: 'success',
      url: 'https://ci.example.com/1',
      count: 1,
    });
    expect(first.history[0].commit?.ci?.state).toBe('success');
    expect(first.pendingCommits[0].ci).toEqual({ state: 'none', count: 0 });

    // CI fails on the pending commit: the answer follows by itself.
    await postStatus(shas[1], {
      state: 'failure',
      context: 'e2e',
      target_url: 'https://ci.example.com/2',
    });
    await waitFor(
      'the pending commit marked failed',
      async () =>
        (await answer()).deployments[0].pendingCommits[0]?.ci?.state ===
        'failure',
      { timeoutMs: 60_000 },
    );
    expect((await answer()).deployments[0].pendingCommits[0]).toMatchObject({
      sha: shas[1],
      ci: { state: 'failure', url: 'https://ci.example.com/2' },
    });
  });
});
