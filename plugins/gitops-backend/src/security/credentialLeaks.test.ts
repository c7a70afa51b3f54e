import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import { captureLogs, captureSignals } from './__testUtils__/captureServices';

jest.setTimeout(240_000);

const PASSWORD = 'secretpass';
const TOKEN = 'tok-secret-4f1a9c';
const WEBHOOK_SECRET = 'webhook-secret-for-tests';

/**
 * A custom resource may carry credentials in its repository URL (user info,
 * token query parameters) and its controller quotes them in messages. No
 * answer, history entry, fleet row, signal, log line or error body may then
 * contain them: every one is captured here and searched.
 */
describe('credentials in custom resources', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let server: any;
  let stopBackend: () => Promise<void>;
  let cleanUrl: string;
  let ns: string;
  let withPassword: string;
  const logs = captureLogs();
  const signals = captureSignals();
  const bodies: string[] = [];

  const get = async (url: string) => {
    const res = await request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header());
    bodies.push(`${res.status} ${url} ${res.text}`);
    return res;
  };

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/deploy');
    const first = await repo.commit({
      message: 'inventory: first deployment',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
      date: '2026-11-01T09:00:00Z',
    });
    await repo.commit({
      message: 'inventory: scale out',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 3\n' },
      date: '2026-11-02T09:00:00Z',
    });
    cleanUrl = `${git.url}/acme/deploy.git`;
    const host = new URL(git.url).host;
    withPassword = `http://deploy:${PASSWORD}@${host}/acme/deploy.git`;
    const withToken = `${cleanUrl}?access_token=${TOKEN}`;
    const foreign = `https://deploy:${PASSWORD}@evil.example.com/acme/x.git?private_token=${TOKEN}`;

    ns = await env.createNamespace();
    const app = (name: string, repoURL: string, status: object) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'inventory' },
      },
      spec: {
        project: 'default',
        source: { repoURL, path: 'apps/inventory', targetRevision: 'main' },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'inventory',
        },
      },
      status,
    });
    const status = (repoURL: string) => ({
      sync: { status: 'OutOfSync', revision: first },
      health: { status: 'Degraded' },
      conditions: [
        {
          type: 'ComparisonError',
          message: `rpc error: failed to list refs of ${repoURL}: authentication required`,
        },
      ],
      operationState: {
        phase: 'Failed',
        message: `one or more objects failed to apply, fetching ${repoURL} failed`,
        operation: {
          sync: { revision: first },
          initiatedBy: { username: 'alice' },
        },
        startedAt: '2026-11-01T09:05:00Z',
        finishedAt: '2026-11-01T09:05:10Z',
        syncResult: { revision: first, source: { repoURL } },
      },
      history: [
        {
          id: 1,
          revision: first,
          deployedAt: '2026-11-01T09:05:10Z',
          source: { repoURL, path: 'apps/inventory' },
        },
      ],
    });
    await env.apply(
      app('inventory-password', withPassword, status(withPassword)),
    );
    await env.apply(app('inventory-token', withToken, status(withToken)));
    await env.apply(app('inventory-foreign', foreign, status(foreign)));
    const gitRepository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'deploy', namespace: ns },
      spec: { url: withPassword, interval: '1m', ref: { branch: 'main' } },
    };
    await env.apply(gitRepository);
    await env.setStatus({
      ...gitRepository,
      status: {
        artifact: {
          revision: `main@sha1:${first}`,
          digest: `sha256:${'a'.repeat(64)}`,
          lastUpdateTime: '2026-11-01T09:00:00Z',
          path: 'gitrepository/deploy/tarball.tar.gz',
          url: `http://source-controller/gitrepository/deploy.tar.gz?token=${TOKEN}`,
        },
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'GitOperationFailed',
            message: `failed to checkout and determine revision: unable to clone '${withPassword}'`,
            lastTransitionTime: '2026-11-20T10:00:00Z',
          },
        ],
      },
    });
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'inventory-flux',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'inventory' },
      },
      spec: {
        interval: '5m',
        path: './apps/inventory',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'deploy' },
      },
    };
    await env.apply(kustomization);
    await env.setStatus({
      ...kustomization,
      status: {
        lastAppliedRevision: `main@sha1:${first}`,
        lastAttemptedRevision: `main@sha1:${first}`,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ArtifactFailed',
            message: `source ${withPassword} is not ready`,
            lastTransitionTime: '2026-11-20T10:00:00Z',
          },
        ],
      },
    });

    const component = (
      name: string,
      annotations: Record<string, string> = {
        'backstage.io/kubernetes-id': 'inventory',
      },
    ): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default', annotations },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-leaks-'));
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        logs.factory,
        signals.factory,
        catalogServiceMock.factory({
          entities: [
            component('inventory'),
            // A malformed annotation quoting a URL with a password: its
            // error (or problem) quotes the value.
            component('broken', {
              'backstage.io/kubernetes-label-selector': `source in (http://deploy:${PASSWORD}@git.local/x`,
            }),
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
              git: { allowedHosts: [host], cacheDir },
              webhooks: { github: { secret: WEBHOOK_SECRET } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();

    // Every resource of the entity is in its answer before anything is searched.
    await waitFor(
      'the entity answer with all four deployments',
      async () => {
        const res = await request(server)
          .get('/api/gitops/entities/default/component/inventory/deployments')
          .set('authorization', mockCredentials.user.header());
        return (
          res.status === 200 &&
          !res.body.computing &&
          res.body.deployments?.length === 4
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('reaches no answer, history, fleet row, signal, log line or error body', async () => {
    const deployments = await get(
      '/api/gitops/entities/default/component/inventory/deployments',
    );
    await get('/api/gitops/entities/default/component/inventory/history');
    const fleet = await get('/api/gitops/deployments');
    await get('/api/gitops/clusters');
    // Error bodies: an unknown entity, a malformed name, a bad query.
    await get('/api/gitops/entities/default/component/missing/deployments');
    await get(
      '/api/gitops/entities/default/component/%F0%9F%9A%80/deployments',
    );
    await get('/api/gitops/deployments?limit=nope');
    const broken = await get(
      '/api/gitops/entities/default/component/broken/deployments',
    );
    expect(broken.text).toContain('http://git.local/x');
    // The same questions through the actions registry (MCP clients).
    const invoke = async (action: string, input: object) => {
      const url = `/api/gitops/.backstage/actions/v1/actions/gitops:${action}/invoke`;
      const res = await request(server)
        .post(url)
        .set('authorization', mockCredentials.user.header())
        .send(input);
      bodies.push(`${res.status} ${url} ${res.text}`);
      return res;
    };
    const viaAction = await invoke('get-entity-deployments', {
      entityRef: 'component:default/inventory',
    });
    expect(viaAction.status).toBe(200);
    expect(viaAction.text).toContain(cleanUrl);
    const brokenViaAction = await invoke('get-entity-deployments', {
      entityRef: 'component:default/broken',
    });
    expect(brokenViaAction.status).toBe(400);
    await invoke('query-fleet', {});
    // A push naming the repository with credentials.
    const push = JSON.stringify({
      ref: 'refs/heads/main',
      repository: {
        clone_url: `http://deploy:${PASSWORD}@${
          new URL(git.url).host
        }/acme/deploy.git`,
        html_url: `${cleanUrl}?access_token=${TOKEN}`,
        // Not ours to refresh: the refusal is logged.
        git_url: `https://deploy:${PASSWORD}@evil.example.com/acme/x.git`,
      },
    });
    const webhook = await request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set(
        'x-hub-signature-256',
        `sha256=${createHmac('sha256', WEBHOOK_SECRET)
          .update(push)
          .digest('hex')}`,
      )
      .send(push);
    bodies.push(`${webhook.status} webhook ${webhook.text}`);
    expect(webhook.status).toBe(202);
    await get('/api/gitops/entities/default/component/inventory/deployments');

    // A live change quoting the URL again: the entity's signal is published.
    const app = await env.get<any>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'inventory-password', namespace: ns },
    });
    delete app.metadata.managedFields;
    app.status.conditions = [
      {
        type: 'ComparisonError',
        message: `again: cannot reach ${withPassword}`,
      },
    ];
    await env.apply(app);
    await waitFor(
      'the change in the answer and a signal',
      async () => {
        const res = await get(
          '/api/gitops/entities/default/component/inventory/deployments',
        );
        return (
          res.text.includes('again: cannot reach') &&
          signals.published.length > 0
        );
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // The answers are really there, with the cleaned URLs.
    const byName = new Map<string, any>(
      deployments.body.deployments.map((d: any) => [d.name, d]),
    );
    expect([...byName.keys()].sort()).toEqual([
      'inventory-flux',
      'inventory-foreign',
      'inventory-password',
      'inventory-token',
    ]);
    expect(byName.get('inventory-password').sources[0].repoURL).toBe(cleanUrl);
    expect(byName.get('inventory-token').sources[0].repoURL).toBe(cleanUrl);
    expect(byName.get('inventory-flux').sources[0].repoURL).toBe(cleanUrl);
    expect(
      fleet.body.items.filter(
        (d: any) => d.entityRef === 'component:default/inventory',
      ),
    ).toHaveLength(4);

    const everything = [...bodies, ...signals.published, ...logs.lines];
    expect(logs.lines.length).toBeGreaterThan(0);
    const leaks = everything.filter(
      text => text.includes(PASSWORD) || text.includes(TOKEN),
    );
    expect(leaks).toEqual([]);
  });
});
