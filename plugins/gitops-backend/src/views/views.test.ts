import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import {
  GITOPS_FLEET_SIGNAL_CHANNEL,
  type ClustersResponse,
  type EntityDeploymentsResponse,
  type FleetResponse,
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

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-a',
    },
  };
}

/**
 * Issue 9: requests read views maintained on change. These tests count
 * what a page view costs upstream (nothing), and check that a change in
 * the cluster reaches the answer and the entity's own signal channel, and
 * only that one.
 */
describe('deployment views on a real apiserver and real Git', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let server: any;
  let stopBackend: () => Promise<void>;
  let ns: string;
  let repoUrl: string;
  const published: SignalPayload[] = [];
  const shas: Record<string, string> = {};
  const auth = () => mockCredentials.user.header();

  const app = (
    name: string,
    id: string,
    health = 'Healthy',
    extra: any = {},
  ) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: ns,
      labels: { 'backstage.io/kubernetes-id': id },
      ...extra,
    },
    spec: {
      project: 'default',
      source: { repoURL: repoUrl, path: `apps/${id}`, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: id },
    },
    status: {
      sync: { status: 'Synced', revision: shas.head },
      health: { status: health },
      history: [
        { id: 1, revision: shas.head, deployedAt: '2026-11-20T10:00:00Z' },
      ],
    },
  });

  const get = (url: string) =>
    request(server).get(`/api/gitops${url}`).set('authorization', auth());
  const deployments = async (name: string) =>
    (await get(`/entities/default/component/${name}/deployments`))
      .body as EntityDeploymentsResponse;
  const clusters = async () =>
    (await get('/clusters')).body as ClustersResponse;

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/views');
    repoUrl = `${git.url}/acme/views.git`;
    await repo.commit({
      message: 'checkout: first',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 1\n' },
    });
    shas.head = await repo.commit({
      message: 'payments: first',
      files: { 'apps/payments/deployment.yaml': 'replicas: 1\n' },
    });
    ns = await env.createNamespace();
    await env.apply(app('checkout-production', 'checkout'));
    await env.apply(app('payments-production', 'payments'));

    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: [
            component('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
            component('payments', { 'backstage.io/kubernetes-id': 'payments' }),
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
                // Long, so no liveness probe falls inside the counted window.
                clusterEntry(env, 'prod', { watchTimeoutSeconds: 3600 }),
              ],
              // No periodic fetch inside the counted window.
              git: plainGitConfig(git, 'views', { fetchIntervalSeconds: 3600 }),
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();

    await waitFor(
      'every view built',
      async () => {
        const { views } = await clusters();
        return Boolean(
          views &&
            views.entities === 2 &&
            views.built === 2 &&
            views.pending === 0,
        );
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('serves page views with no Kubernetes request, no Git work and no rebuild', async () => {
    // Warm: the first answers are built; now count.
    await deployments('checkout');
    const before = await clusters();
    for (let i = 0; i < 25; i++) {
      const [a, b] = await Promise.all([
        deployments('checkout'),
        deployments('payments'),
      ]);
      expect(a.deployments).toHaveLength(1);
      expect(b.deployments).toHaveLength(1);
    }
    await get('/entities/default/component/checkout/history');
    await get('/deployments?limit=10');
    await get('/deployments?driftState=in-sync&search=pay');
    const after = await clusters();

    expect(after.clusters[0].requests).toBe(before.clusters[0].requests);
    // The counters count: building the views did spawn Git processes.
    expect(before.git!.processes).toBeGreaterThan(0);
    expect(before.views!.builds).toBeGreaterThan(0);
    expect(after.git).toEqual(before.git);
    expect(after.views!.builds).toBe(before.views!.builds);
  });

  it('carries a change in the cluster to the answer and to that entity\u2019s channel only', async () => {
    const channels = {
      checkout: (await deployments('checkout')).signalChannel!,
      payments: (await deployments('payments')).signalChannel!,
    };
    expect(channels.checkout).toMatch(/^gitops:entity:/);
    expect(channels.payments).not.toBe(channels.checkout);
    published.length = 0;

    await env.setStatus(app('checkout-production', 'checkout', 'Degraded'));
    await waitFor(
      'the Degraded health in the answer',
      async () =>
        (await deployments('checkout')).deployments[0]?.health === 'Degraded',
      { timeoutMs: 15_000 },
    );
    await waitFor(
      'a signal on the entity channel',
      async () => published.some(s => s.channel === channels.checkout),
      { timeoutMs: 5_000 },
    );
    await waitFor(
      'a signal on the fleet channel',
      async () =>
        published.some(s => s.channel === GITOPS_FLEET_SIGNAL_CHANNEL),
      { timeoutMs: 5_000 },
    );
    expect(published.map(s => s.channel)).not.toContain(channels.payments);
    // Signals name nothing: no entity, resource, namespace or cluster.
    const text = JSON.stringify(published);
    for (const name of ['checkout', 'payments', ns, 'prod', 'argocd']) {
      expect(text).not.toContain(name);
    }
    expect(
      published.every(s => (s.message as any).type === 'deployments-changed'),
    ).toBe(true);
    expect(published.every(s => s.recipients.type === 'broadcast')).toBe(true);
  });

  it('sends no signal when a rebuild gives the same answer', async () => {
    const channel = (await deployments('payments')).signalChannel!;
    published.length = 0;
    // Positive control first: the fleet channel hears a real change, so
    // the silence below is not an artefact of timing.
    await env.setStatus(app('checkout-production', 'checkout', 'Healthy'));
    await waitFor(
      'the fleet signal for a real change',
      async () =>
        published.some(s => s.channel === GITOPS_FLEET_SIGNAL_CHANNEL),
      { timeoutMs: 15_000 },
    );
    const { views } = await clusters();
    published.length = 0;
    // A label the views do not read: the CR changes, the answer does not.
    await env.apply(
      app('payments-production', 'payments', 'Healthy', {
        annotations: { 'example.com/note': 'irrelevant' },
      }),
    );
    await waitFor(
      'the rebuild of payments',
      async () => {
        const now = (await clusters()).views!;
        return now.builds > views!.builds && now.pending === 0;
      },
      { timeoutMs: 15_000 },
    );
    // Past the signal coalescing delays (250 ms entity, 1 s fleet).
    await new Promise(r => setTimeout(r, 1500));
    expect(published.map(s => s.channel)).not.toContain(channel);
    expect(published.map(s => s.channel)).not.toContain(
      GITOPS_FLEET_SIGNAL_CHANNEL,
    );
  });

  it('follows resources that appear and disappear, without a request computing them', async () => {
    await env.apply(app('checkout-staging', 'checkout'));
    await waitFor(
      'the new Application on the entity',
      async () => (await deployments('checkout')).deployments.length === 2,
      { timeoutMs: 15_000 },
    );
    expect(
      (await deployments('checkout')).deployments.map(d => d.name).sort(),
    ).toEqual(['checkout-production', 'checkout-staging']);
    await env.delete(app('checkout-staging', 'checkout'));
    await waitFor(
      'the deleted Application gone',
      async () => (await deployments('checkout')).deployments.length === 1,
      { timeoutMs: 15_000 },
    );
  });

  it('answers the fleet from the views, with facets', async () => {
    const res = await get('/deployments');
    expect(res.status).toBe(200);
    const body = res.body as FleetResponse;
    expect(body.items.map(i => i.entityRef).sort()).toEqual([
      'component:default/checkout',
      'component:default/payments',
    ]);
    expect(body.facets?.environment).toEqual([
      { value: 'production', count: 2 },
    ]);
    expect(body.facets?.driftState.map(f => f.value).sort()).toEqual(
      [...new Set(body.items.map(i => i.drift.state))].sort(),
    );
  });
});
