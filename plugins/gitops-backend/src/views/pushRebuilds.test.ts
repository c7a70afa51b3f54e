import { createHmac } from 'node:crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  ScriptedRepository,
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import {
  argoApplication,
  componentFor,
} from '../actionProgress/__testUtils__/viewsOnApiserver';
import { gitopsPlugin } from '../plugin';
import { clusterEntry, plainGitConfig } from '../__testUtils__/backendConfig';

jest.setTimeout(240_000);

const SECRET = 'push-rebuilds-webhook-secret';

/**
 * Issue 9: a push rebuilds the deployments it can change, not every
 * deployment reading the repository. Counted on a real apiserver and real
 * Git: the deployment whose path the push touched, and the one whose
 * deployed revision is not indexed (the push may bring it), are rebuilt;
 * the settled one elsewhere in the repository is not, and still follows
 * the next push that touches it.
 */
describe('push rebuilds on a real apiserver and real Git', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let repo: ScriptedRepository;
  let server: any;
  let stopBackend: () => Promise<void>;
  let ns: string;
  let repoUrl: string;
  let head: string;

  const app = (name: string, revision: string) =>
    argoApplication({
      name: `${name}-production`,
      namespace: ns,
      id: name,
      repoUrl,
      revision,
      syncedAt: '2026-11-20T10:00:00Z',
    });

  const get = (url: string) =>
    request(server)
      .get(`/api/gitops${url}`)
      .set('authorization', mockCredentials.user.header());
  const deployments = async (name: string) =>
    (await get(`/entities/default/component/${name}/deployments`))
      .body as EntityDeploymentsResponse;
  const views = async () =>
    ((await get('/clusters')).body as ClustersResponse).views!;
  const pending = async (name: string) =>
    (await deployments(name)).deployments[0]?.pendingCommits.map(c => c.sha);

  async function push(file: string): Promise<string> {
    const sha = await repo.commit({
      message: `edit ${file}`,
      files: { [file]: `# ${Date.now()}\n` },
    });
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      after: sha,
      repository: { clone_url: repoUrl },
    });
    const response = await request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set(
        'x-hub-signature-256',
        `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      )
      .send(body);
    expect(response.status).toBe(202);
    return sha;
  }

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    repo = await git.createRepository('acme/pushes');
    repoUrl = `${git.url}/acme/pushes.git`;
    await repo.commit({
      message: 'checkout: first',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 1\n' },
    });
    await repo.commit({
      message: 'search: first',
      files: { 'apps/search/deployment.yaml': 'replicas: 1\n' },
    });
    head = await repo.commit({
      message: 'payments: first',
      files: { 'apps/payments/deployment.yaml': 'replicas: 1\n' },
    });
    ns = await env.createNamespace();
    await env.apply(app('checkout', head));
    await env.apply(app('payments', head));
    // Deployed from a commit the repository does not have (yet).
    await env.apply(app('search', 'f'.repeat(40)));

    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: ['checkout', 'payments', 'search'].map(componentFor),
        }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [
                clusterEntry(env, 'prod', { watchTimeoutSeconds: 3600 }),
              ],
              // Only the webhook fetches inside the test.
              git: plainGitConfig(git, 'pushes', {
                fetchIntervalSeconds: 3600,
              }),
              webhooks: { github: { secret: SECRET } },
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
        const v = await views();
        return v.built === 3 && v.deploymentsBuilt === 3 && v.pending === 0;
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('rebuilds the touched and the unsettled deployment, not the settled one elsewhere', async () => {
    const checkoutBefore = await deployments('checkout');
    expect(checkoutBefore.deployments[0].pendingCommits).toEqual([]);
    const before = await views();

    const sha = await push('apps/payments/deployment.yaml');
    await waitFor(
      'the push pending on payments',
      async () => (await pending('payments'))?.includes(sha) ?? false,
      { timeoutMs: 30_000 },
    );
    await waitFor(
      'the rebuilds done',
      async () => (await views()).pending === 0,
      {
        timeoutMs: 30_000,
      },
    );
    const after = await views();
    // payments (touched) and search (its deployed commit is not indexed).
    expect(after.builds - before.builds).toBe(2);
    expect(after.buildsSkipped! - before.buildsSkipped!).toBe(1);
    expect((await deployments('checkout')).deployments).toEqual(
      checkoutBefore.deployments,
    );

    // The view not rebuilt still follows a push to its own path.
    const next = await push('apps/checkout/deployment.yaml');
    await waitFor(
      'the push pending on checkout',
      async () => (await pending('checkout'))?.includes(next) ?? false,
      { timeoutMs: 30_000 },
    );
  });
});
