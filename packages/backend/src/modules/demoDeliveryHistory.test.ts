import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { LedgerStore } from '@gitops-console/plugin-gitops-backend';
import { seedDemoHistory } from './demoDeliveryHistory';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const migrations = path.join(
  path.dirname(
    require.resolve('@gitops-console/plugin-gitops-backend/package.json'),
  ),
  'migrations',
);

const config = new ConfigReader({
  gitops: {
    clusters: [
      { name: 'demo-staging', url: 'https://x', environment: 'staging' },
      { name: 'demo-production', url: 'https://y', environment: 'production' },
    ],
  },
});

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const deployment = 'argocd/argocd-application/checkout-staging';
const history = {
  version: 1,
  events: [
    {
      environment: 'staging',
      deployment,
      entityRef: 'component:default/checkout',
      transition: 'deployed',
      revisionBefore: A,
      revisionAfter: B,
      driftAfter: 'in-sync',
      health: 'Healthy',
      occurredAt: '2026-11-20T10:00:55Z',
      initiatedBy: { automated: true },
    },
    {
      environment: 'staging',
      deployment,
      entityRef: 'component:default/checkout',
      transition: 'drift',
      revisionBefore: B,
      revisionAfter: B,
      driftBefore: 'in-sync',
      driftAfter: 'failing',
      health: 'Degraded',
      occurredAt: '2026-11-20T10:03:55Z',
    },
  ],
  actions: [
    {
      id: '6f1c3a52-6d2e-4a51-9d55-1f8b8a0c2e11',
      environment: 'staging',
      deployment,
      entityRef: 'component:default/checkout',
      type: 'revert-commit',
      commitShaTarget: B,
      resultCommitSha: 'c'.repeat(40),
      reason: 'crash-looping',
      requestedBy: 'user:default/bob',
      status: 'deployed',
      createdAt: '2026-11-20T10:38:00.000Z',
      updatedAt: '2026-11-20T10:41:25.000Z',
    },
  ],
};

describe('seedDemoHistory', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-history-module-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds the demo’s events and action record once, under the configured clusters, and none the plugin derives again', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrations });
    const database = mockServices.database.mock({
      getClient: async () => knex,
    });
    const file = path.join(dir, 'delivery-history.json');
    fs.writeFileSync(file, JSON.stringify(history));
    const options = {
      file,
      config,
      database,
      logger: mockServices.logger.mock(),
    };

    expect(await seedDemoHistory(options)).toEqual({ events: 2, actions: 1 });
    // A backend restart on a kept database, or --keep-state: nothing new.
    expect(await seedDemoHistory(options)).toEqual({ events: 0, actions: 0 });

    const store = new LedgerStore(knex);
    const { items } = await store.list({
      deploymentIds: [`demo-staging/${deployment}`],
    });
    expect(items.map(e => [e.transition, e.driftAfter, e.seeded])).toEqual([
      ['drift', 'failing', true],
      ['deployed', 'in-sync', true],
    ]);
    expect(items[1]).toMatchObject({
      cluster: 'demo-staging',
      environment: 'staging',
      cdTime: '2026-11-20T10:00:55.000Z',
    });

    // The same sync as the plugin seeds it from the Argo CD history entry
    // (another observer, no revision before): the same key, not stored.
    expect(
      await store.append([
        {
          deploymentId: `demo-staging/${deployment}`,
          entityRefs: ['component:default/checkout'],
          cluster: 'demo-staging',
          environment: 'staging',
          transition: 'deployed',
          revisionAfter: B,
          occurredAt: '2026-11-20T10:00:55Z',
          cdTime: '2026-11-20T10:00:55Z',
          observedAt: new Date().toISOString(),
          initiatedBy: { automated: true },
          seeded: true,
        },
      ]),
    ).toBe(0);

    const records = await knex('gitops_action_records').select();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      deployment_id: `demo-staging/${deployment}`,
      type: 'revert-commit',
      status: 'deployed',
      open_key: null,
    });
  });

  it('does nothing without the file (not the demo)', async () => {
    const database = mockServices.database.mock();
    expect(
      await seedDemoHistory({
        file: path.join(dir, 'absent.json'),
        config,
        database,
        logger: mockServices.logger.mock(),
      }),
    ).toBeUndefined();
    expect(database.getClient).not.toHaveBeenCalled();
  });
});
