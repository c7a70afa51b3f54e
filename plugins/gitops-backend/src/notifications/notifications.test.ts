import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import type { NotificationSender } from './types';

jest.setTimeout(240_000);

/**
 * Issue 14: a failure that lasts longer than `gitops.notifications.after`
 * notifies the owners once, however many watch events follow, and its
 * recovery once more, on a real apiserver.
 */
describe('owner notifications on a real apiserver', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let stopBackend: () => Promise<void>;
  let server: any;
  let ns: string;
  let sha: string;
  const sent: Array<Parameters<NotificationSender['send']>[0]> = [];

  const app = (health: string, generation: number) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'cart-production',
      namespace: ns,
      labels: { 'backstage.io/kubernetes-id': 'cart' },
      annotations: { 'test/generation': String(generation) },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: `${git.url}/acme/notify.git`,
        path: 'apps/cart',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'cart',
      },
    },
    status: {
      sync: { status: 'Synced', revision: sha },
      health: { status: health },
      history: [{ id: 1, revision: sha, deployedAt: '2026-11-20T10:00:00Z' }],
    },
  });
  const drift = async () =>
    (
      await request(server)
        .get('/api/gitops/entities/default/component/cart/deployments')
        .set('authorization', mockCredentials.user.header())
    ).body.deployments?.[0]?.drift?.state;

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/notify');
    sha = await repo.commit({
      message: 'cart: first',
      files: { 'apps/cart/deployment.yaml': 'replicas: 1\n' },
    });
    ns = await env.createNamespace();
    await env.apply(app('Healthy', 0));
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'cart',
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': 'cart' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/team-payments',
      },
    };
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: any) => {
              sent.push(options);
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
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
              notifications: { after: { seconds: 2 } },
              git: {
                allowedHosts: [new URL(git.url).host],
                cacheDir: fs.mkdtempSync(
                  path.join(os.tmpdir(), 'gitops-notify-'),
                ),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await waitFor('the view built', async () => (await drift()) === 'in-sync', {
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('notifies a lasting failure once and its recovery once', async () => {
    await env.apply(app('Degraded', 1));
    await waitFor(
      'the failure seen',
      async () => (await drift()) === 'failing',
      { timeoutMs: 30_000 },
    );
    await waitFor('the owners told', async () => sent.length >= 1, {
      timeoutMs: 30_000,
    });
    // More watch events of the same failure: the episode is told once.
    for (let generation = 2; generation <= 4; generation++) {
      await env.apply(app('Degraded', generation));
    }
    await env.apply(app('Healthy', 5));
    await waitFor('the recovery told', async () => sent.length >= 2, {
      timeoutMs: 30_000,
    });
    expect(sent.map(s => [s.recipients.entityRef, s.payload.title])).toEqual([
      [
        'group:default/team-payments',
        'cart-production in production has been failing for 2 seconds',
      ],
      [
        'group:default/team-payments',
        'cart-production in production has recovered (in-sync)',
      ],
    ]);
    expect(sent[0].payload).toMatchObject({
      severity: 'high',
      scope: sent[1].payload.scope,
      link: 'http://localhost:3000/catalog/default/component/cart/gitops',
    });
  });
});
