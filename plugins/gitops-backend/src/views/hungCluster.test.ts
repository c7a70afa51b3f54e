import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import { clusterEntry, plainGitConfig } from '../__testUtils__/backendConfig';

jest.setTimeout(240_000);

/**
 * Issue 10 §6: an API server frozen with SIGSTOP accepts connections and
 * answers nothing. Requests must not wait on it, the cluster must turn
 * unreachable within the configured bound and its deployments unknown, with
 * a signal to open pages, and all of it must come back after SIGCONT.
 */
describe('a hung cluster', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let server: any;
  let stopBackend: () => Promise<void>;
  const published: SignalPayload[] = [];
  const WATCH_TIMEOUT_S = 3;

  const get = (url: string) =>
    request(server)
      .get(`/api/gitops${url}`)
      .set('authorization', mockCredentials.user.header());
  const answer = async () =>
    (await get('/entities/default/component/checkout/deployments'))
      .body as EntityDeploymentsResponse;
  const clusters = async () =>
    (await get('/clusters')).body as ClustersResponse;

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/hung');
    const head = await repo.commit({
      message: 'checkout: first',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 1\n' },
    });
    const ns = await env.createNamespace();
    await env.apply({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'checkout-production',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'checkout' },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: `${git.url}/acme/hung.git`,
          path: 'apps/checkout',
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'x',
        },
      },
      status: {
        sync: { status: 'Synced', revision: head },
        health: { status: 'Healthy' },
        history: [
          { id: 1, revision: head, deployedAt: '2026-11-20T10:00:00Z' },
        ],
      },
    });

    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'checkout',
                namespace: 'default',
                annotations: { 'backstage.io/kubernetes-id': 'checkout' },
              },
              spec: { owner: 'group:default/team-a' },
            },
          ],
        }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: SignalPayload) => {
              published.push(signal);
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [
                clusterEntry(env, 'prod', {
                  watchTimeoutSeconds: WATCH_TIMEOUT_S,
                }),
              ],
              git: plainGitConfig(git, 'hung'),
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await waitFor(
      'the view built and in sync',
      async () => (await answer()).deployments[0]?.drift.state === 'in-sync',
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    env?.resume();
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('answers within 2 s, turns unknown within the bound, and recovers within 10 s', async () => {
    const channel = (await answer()).signalChannel!;
    published.length = 0;
    env.pause();
    const pausedAt = Date.now();
    try {
      // Every request answers from the views, whatever the cluster does.
      for (const url of [
        '/entities/default/component/checkout/deployments',
        '/deployments',
        '/clusters',
      ]) {
        const started = Date.now();
        const res = await get(url);
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(2000);
      }

      await waitFor(
        'the deployment unknown and the cluster unreachable',
        async () => {
          const [a, c] = await Promise.all([answer(), clusters()]);
          return (
            a.deployments[0]?.drift.state === 'unknown' &&
            c.clusters[0].reachable === false
          );
        },
        { timeoutMs: (WATCH_TIMEOUT_S * 4 + 10) * 1000, intervalMs: 250 },
      );
      const detectedMs = Date.now() - pausedAt;
      const unknown = await answer();
      expect(unknown.stale).toBe(true);
      // The last known state is kept, with the cluster's reason.
      expect(unknown.deployments[0].deployedRevision).toMatch(/^[0-9a-f]{40}$/);
      expect(unknown.deployments[0].drift.reasons[0].code).toBe(
        'cluster-unreachable',
      );
      // Open pages hear of it without asking.
      await waitFor(
        'a signal for the unreachable cluster',
        async () => published.some(s => s.channel === channel),
        { timeoutMs: 5_000 },
      );
      // eslint-disable-next-line no-console
      console.log(`hung cluster detected after ${detectedMs} ms`);
    } finally {
      env.resume();
    }

    const resumedAt = Date.now();
    published.length = 0;
    await waitFor(
      'the cluster reachable and the deployment in sync again',
      async () => {
        const [a, c] = await Promise.all([answer(), clusters()]);
        return (
          a.deployments[0]?.drift.state === 'in-sync' && c.clusters[0].reachable
        );
      },
      { timeoutMs: 10_000, intervalMs: 250 },
    );
    // eslint-disable-next-line no-console
    console.log(`recovered ${Date.now() - resumedAt} ms after SIGCONT`);
    await waitFor(
      'a signal for the recovery',
      async () => published.some(s => s.channel === channel),
      { timeoutMs: 5_000 },
    );
  });
});
