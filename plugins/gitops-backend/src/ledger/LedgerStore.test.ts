import { migrateActionRecords } from '../actionRecords/migrateActionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { LedgerStore } from './LedgerStore';
import type { LedgerEventInput } from './types';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();

function event(overrides: Partial<LedgerEventInput> = {}): LedgerEventInput {
  return {
    deploymentId: 'prod/argocd/Application/shop',
    entityRefs: ['component:default/shop'],
    cluster: 'prod',
    environment: 'production',
    transition: 'deployed',
    revisionAfter: 'b'.repeat(40),
    occurredAt: '2026-11-30T10:00:00Z',
    observedAt: '2026-12-01T12:00:00Z',
    cdTime: '2026-11-30T10:00:00Z',
    seeded: false,
    ...overrides,
  };
}

async function storeOn(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  await migrateActionRecords(knex);
  return { knex, store: new LedgerStore(knex) };
}

describe.each(databases.eachSupportedId())('LedgerStore on %s', id => {
  it('stores an event once however often and by however many writers it is appended', async () => {
    const { store } = await storeOn(id);
    const events = [
      event(),
      event({
        transition: 'drift',
        driftAfter: 'failing',
        cdTime: undefined,
        occurredAt: '2026-11-30T11:00:00Z',
      }),
    ];
    expect(await store.append(events)).toBe(2);
    expect(await store.append(events)).toBe(0);
    // Two replicas appending the same transitions at once.
    const again = [
      event({
        observedAt: '2026-12-01T12:00:03Z',
        entityRefs: ['component:default/other'],
      }),
    ];
    const added = await Promise.all([store.append(again), store.append(again)]);
    expect(added).toEqual([0, 0]);
    const { items } = await store.list();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      transition: 'drift',
      driftAfter: 'failing',
      seeded: false,
    });
    expect(items[1]).toMatchObject({
      transition: 'deployed',
      revisionAfter: 'b'.repeat(40),
      entityRefs: ['component:default/shop'],
      cdTime: '2026-11-30T10:00:00.000Z',
    });
  });

  it('appends a start-up batch in a few statements, not one per event', async () => {
    const { knex, store } = await storeOn(id);
    // A restart re-derives every deployment's seeded history: 500 events,
    // half stored before.
    const batch = Array.from({ length: 500 }, (_, i) =>
      event({
        deploymentId: `prod/argocd/Application/app-${i}`,
        revisionAfter: (i % 16).toString(16).repeat(40),
      }),
    );
    expect(await store.append(batch.filter((_, i) => i % 2 === 0))).toBe(250);
    const statements: string[] = [];
    const count = (q: { sql: string }) => statements.push(q.sql);
    knex.on('query', count);
    try {
      expect(await store.append(batch)).toBe(250);
    } finally {
      knex.off('query', count);
    }
    // Per chunk of 200: one read of the stored keys and one insert.
    expect(statements.length).toBeLessThanOrEqual(6);
    const [{ n }] = await knex('gitops_ledger_events').count({ n: '*' });
    expect(Number(n)).toBe(500);
  });

  it('pages newest first and filters by deployment, environment and time', async () => {
    const { store } = await storeOn(id);
    const days = Array.from({ length: 7 }, (_, i) =>
      event({
        revisionAfter: String(i).repeat(40),
        occurredAt: `2026-11-0${i + 1}T10:00:00Z`,
        cdTime: `2026-11-0${i + 1}T10:00:00Z`,
        environment: i % 2 ? 'staging' : 'production',
        deploymentId:
          i < 6
            ? 'prod/argocd/Application/shop'
            : 'prod/argocd/Application/cart',
      }),
    );
    await store.append(days);
    const first = await store.list({ limit: 3 });
    expect(first.items.map(e => e.occurredAt.slice(0, 10))).toEqual([
      '2026-11-07',
      '2026-11-06',
      '2026-11-05',
    ]);
    const second = await store.list({ limit: 3, cursor: first.nextCursor });
    expect(second.items.map(e => e.occurredAt.slice(0, 10))).toEqual([
      '2026-11-04',
      '2026-11-03',
      '2026-11-02',
    ]);
    const third = await store.list({ limit: 3, cursor: second.nextCursor });
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeUndefined();

    const shop = await store.list({
      deploymentIds: ['prod/argocd/Application/shop'],
      environment: 'production',
    });
    expect(shop.items.map(e => e.occurredAt.slice(0, 10))).toEqual([
      '2026-11-05',
      '2026-11-03',
      '2026-11-01',
    ]);
    const window = await store.list({
      from: '2026-11-02T00:00:00Z',
      to: '2026-11-04T23:59:59Z',
    });
    expect(window.items).toHaveLength(3);
    expect((await store.list({ deploymentIds: [] })).items).toEqual([]);
  });

  it('refuses malformed bounds with the parameter named', async () => {
    const { store } = await storeOn(id);
    await expect(store.list({ from: 'yesterday' })).rejects.toThrow(
      /from must be an ISO 8601 UTC time/,
    );
    // The pattern's shape, but no time there is: a 400, never a RangeError.
    for (const to of ['2026-13-45T99:00:00Z', '2026-02-31T00:00:00Z']) {
      await expect(store.list({ to })).rejects.toThrow(
        /to must be an ISO 8601 UTC time/,
      );
    }
    await expect(store.list({ limit: 0 })).rejects.toThrow(
      /limit must be a whole number/,
    );
    await expect(store.list({ cursor: 'nope' })).rejects.toThrow(
      /cursor is not one this server gave out/,
    );
  });

  it('deletes what is older than the retention', async () => {
    const { store } = await storeOn(id);
    await store.append([
      event({
        occurredAt: '2025-01-01T00:00:00Z',
        cdTime: '2025-01-01T00:00:00Z',
      }),
      event({
        occurredAt: '2026-11-30T00:00:00Z',
        cdTime: '2026-11-30T00:00:00Z',
      }),
    ]);
    expect(await store.deleteOlderThan(new Date('2026-01-01T00:00:00Z'))).toBe(
      1,
    );
    expect((await store.list()).items.map(e => e.occurredAt)).toEqual([
      '2026-11-30T00:00:00.000Z',
    ]);
  });
});
