import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClustersResponse,
  EntityMetricsResponse,
  LedgerEvent,
  LedgerResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { gitopsPlugin } from '../plugin';
import { clusterEntry, plainGitConfig } from '../__testUtils__/backendConfig';

jest.setTimeout(300_000);

const databases = actionRecordDatabases();
type Knex = Awaited<ReturnType<typeof databases.init>>;

/** The entity; its CRs are labelled per run, so runs never see each other's. */
const shop = (id: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': id },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-a',
  },
});

/**
 * Issue 14: status changes written to a real apiserver become exactly the
 * expected ledger events, on SQLite and PostgreSQL, and neither a restart
 * nor two backends watching at once duplicates any.
 */
describe('the deployment ledger on a real apiserver and real Git', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let repoUrl: string;
  const shas: string[] = [];

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/ledger');
    repoUrl = `${git.url}/acme/ledger.git`;
    for (let i = 1; i <= 3; i++) {
      shas.push(
        await repo.commit({
          message: `shop: change ${i}`,
          files: { 'apps/shop/deployment.yaml': `replicas: ${i}\n` },
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all([env?.stop(), git?.stop()]);
  });

  async function startBackend(knex: Knex, id: string) {
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [shop(id)] }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [clusterEntry(env, 'prod')],
              git: plainGitConfig(git, 'ledger'),
            },
          },
        }),
      ],
    });
    const get = (url: string) =>
      request(backend.server)
        .get(`/api/gitops${url}`)
        .set('authorization', mockCredentials.user.header());
    await waitFor(
      'the view built',
      async () => {
        const { views } = (await get('/clusters')).body as ClustersResponse;
        return Boolean(views && views.built >= 1 && views.pending === 0);
      },
      { timeoutMs: 60_000 },
    );
    return { get, stop: () => backend.stop() };
  }

  describe.each(databases.eachSupportedId())('on %s', id => {
    let ns: string;
    const app = (revisions: Array<[string, string]>, health: string) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'shop-production',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': `shop-${id}` },
      },
      spec: {
        project: 'default',
        source: { repoURL: repoUrl, path: 'apps/shop', targetRevision: 'main' },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'shop',
        },
      },
      status: {
        sync: {
          status: 'Synced',
          revision: revisions[revisions.length - 1][0],
        },
        health: { status: health },
        history: revisions.map(([revision, deployedAt], i) => ({
          id: i + 1,
          revision,
          deployedAt,
          initiatedBy: { username: 'bob' },
        })),
      },
    });
    const ledgerOf = async (get: (url: string) => request.Test) => {
      const res = await get(
        '/entities/default/component/shop/ledger?limit=100',
      );
      expect(res.status).toBe(200);
      return (res.body as LedgerResponse).items;
    };
    // Sorted: a drift event occurs at its reason's own time (the oldest
    // pending commit's for `behind`), which may precede the sync.
    const summary = (items: LedgerEvent[]) =>
      items
        .map(e =>
          e.transition === 'deployed'
            ? `deployed ${e.revisionAfter?.slice(0, 7)}${
                e.seeded ? ' (seeded)' : ''
              }`
            : `drift ${e.driftBefore ?? '-'}→${e.driftAfter}`,
        )
        .sort();

    it('records each transition once, across a restart and two backends watching', async () => {
      ns = await env.createNamespace();
      // Set up for this database: the namespace is new, so is the entity's CR.
      const knex = await databases.init(id);
      const c = shas.map(s => s.slice(0, 7));
      await env.apply(app([[shas[0], '2026-11-20T10:00:00Z']], 'Healthy'));

      const first = await startBackend(knex, `shop-${id}`);
      await waitFor(
        'the seeded events',
        async () => (await ledgerOf(first.get)).length >= 2,
        {
          timeoutMs: 30_000,
        },
      );
      expect(summary(await ledgerOf(first.get))).toEqual(
        [`deployed ${c[0]} (seeded)`, 'drift -→behind'].sort(),
      );

      // A sync to the second commit that degrades the app.
      await env.apply(
        app(
          [
            [shas[0], '2026-11-20T10:00:00Z'],
            [shas[1], '2026-11-21T10:00:00Z'],
          ],
          'Degraded',
        ),
      );
      await waitFor(
        'the sync and the failure',
        async () => (await ledgerOf(first.get)).length >= 4,
        {
          timeoutMs: 30_000,
        },
      );
      const afterSync = await ledgerOf(first.get);
      expect(summary(afterSync)).toEqual(
        [
          `deployed ${c[0]} (seeded)`,
          'drift -→behind',
          `deployed ${c[1]}`,
          'drift behind→failing',
        ].sort(),
      );
      const sync = afterSync.find(
        e => e.revisionAfter === shas[1] && e.transition === 'deployed',
      )!;
      expect(sync).toMatchObject({
        revisionBefore: shas[0],
        cdTime: '2026-11-21T10:00:00.000Z',
        occurredAt: '2026-11-21T10:00:00.000Z',
        initiatedBy: { username: 'bob' },
        entityRefs: ['component:default/shop'],
        cluster: 'prod',
        environment: 'production',
      });
      await first.stop();

      // A restart, then two backends watching the same cluster at once.
      const [second, third] = await Promise.all([
        startBackend(knex, `shop-${id}`),
        startBackend(knex, `shop-${id}`),
      ]);
      await env.apply(
        app(
          [
            [shas[0], '2026-11-20T10:00:00Z'],
            [shas[1], '2026-11-21T10:00:00Z'],
            [shas[2], '2026-11-22T10:00:00Z'],
          ],
          'Healthy',
        ),
      );
      const expected = [
        `deployed ${c[0]} (seeded)`,
        'drift -→behind',
        `deployed ${c[1]}`,
        'drift behind→failing',
        `deployed ${c[2]}`,
        'drift failing→in-sync',
      ].sort();
      await waitFor(
        'both backends saw the last sync',
        async () =>
          (await ledgerOf(second.get)).length >= expected.length &&
          (
            await second.get('/entities/default/component/shop/deployments')
          ).body.deployments?.[0]?.deployedRevision === shas[2] &&
          (
            await third.get('/entities/default/component/shop/deployments')
          ).body.deployments?.[0]?.deployedRevision === shas[2],
        { timeoutMs: 30_000 },
      );
      // Let both writers finish what they saw before counting.
      await Promise.all([second.stop(), third.stop()]);
      const rows = await knex('gitops_ledger_events').select('event_key');
      expect(new Set(rows.map(r => r.event_key)).size).toBe(rows.length);
      const final = await startBackend(knex, `shop-${id}`);
      const all = await ledgerOf(final.get);
      expect(summary(all)).toEqual(expected);
      // Deployments newest first, each with the revision it replaced.
      expect(
        all
          .filter(e => e.transition === 'deployed')
          .map(e => [
            e.revisionBefore?.slice(0, 7),
            e.revisionAfter?.slice(0, 7),
          ]),
      ).toEqual([
        [c[1], c[2]],
        [c[0], c[1]],
        [undefined, c[0]],
      ]);

      // The metrics rest on these events: three deployments in 30 days.
      const metrics = (
        await final.get('/entities/default/component/shop/metrics?window=90')
      ).body as EntityMetricsResponse;
      expect(metrics.environments).toHaveLength(1);
      expect(metrics.environments[0].current.deploymentFrequency.points).toBe(
        3,
      );
      expect(
        (await final.get('/entities/default/component/shop/metrics?window=12'))
          .status,
      ).toBe(400);
      expect(
        (await final.get('/entities/default/component/nope/ledger')).status,
      ).toBe(404);

      // The CR forgets its older entries; the history still has them.
      await env.apply(app([[shas[2], '2026-11-22T10:00:00Z']], 'Healthy'));
      await waitFor(
        'the CR history trimmed',
        async () =>
          (
            await final.get('/entities/default/component/shop/deployments')
          ).body.deployments?.[0]?.history?.length === 1,
        { timeoutMs: 30_000 },
      );
      const history = (
        await final.get('/entities/default/component/shop/history?limit=2')
      ).body;
      expect(
        history.items.map((h: any) => [h.revision, Boolean(h.fromLedger)]),
      ).toEqual([
        [shas[2], false],
        [shas[1], true],
      ]);
      expect(history.items[1].commit?.message).toBe('shop: change 2');
      const rest = (
        await final.get(
          `/entities/default/component/shop/history?limit=2&cursor=${history.nextCursor}`,
        )
      ).body;
      expect(rest.items.map((h: any) => h.revision)).toEqual([shas[0]]);
      expect(rest.nextCursor).toBeUndefined();
      await final.stop();
    });
  });
});
