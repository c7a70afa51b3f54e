import { ActionRecordStore } from './ActionRecordStore';
import { migrateActionRecords } from './migrateActionRecords';
import { CreateActionRecordInput } from './types';
import {
  actionRecordDatabases,
  testClock,
} from './__testUtils__/actionRecordDatabases';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
const ENTITY = 'component:default/storefront';

function rollback(
  overrides: Partial<CreateActionRecordInput> = {},
): CreateActionRecordInput {
  return {
    entityRef: ENTITY,
    deploymentId: 'argocd:prod:storefront',
    type: 'rollback',
    targetRevision: 'a1b2c3d',
    reason: 'checkout broken since the last release',
    requestedBy: 'user:default/alice',
    claimedBy: 'process-a',
    ...overrides,
  };
}

async function storeOn(
  databaseId: Parameters<typeof databases.init>[0],
  clock = testClock(),
) {
  const knex = await databases.init(databaseId);
  await migrateActionRecords(knex);
  return { knex, clock, store: new ActionRecordStore(knex, clock) };
}

describe.each(databases.eachSupportedId())('ActionRecordStore on %s', id => {
  it('gives exactly one record to 10 concurrent requests for one deployment', async () => {
    const { knex, store } = await storeOn(id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.createOrGetOpen(rollback({ claimedBy: `process-${i}` })),
      ),
    );
    expect(answers.filter(a => a.created)).toHaveLength(1);
    const ids = new Set(answers.map(a => a.record.id));
    expect(ids.size).toBe(1);
    const rows = await knex('gitops_action_records').select('id');
    expect(rows).toEqual([{ id: [...ids][0] }]);

    const created = answers.find(a => a.created)!.record;
    expect(created).toMatchObject({
      entityRef: ENTITY,
      type: 'rollback',
      status: 'requested',
      targetRevision: 'a1b2c3d',
      commitShaTarget: null,
      warnings: [],
    });
    expect(await store.get(created.id)).toEqual(created);
  });

  it('lets a new action open once the previous one ended', async () => {
    const { store } = await storeOn(id);
    const first = await store.createOrGetOpen(rollback());
    const again = await store.createOrGetOpen(rollback());
    expect(again).toEqual({ record: first.record, created: false });

    expect(
      await store.transition(first.record.id, ['requested'], 'committed', {
        resultCommitSha: 'f00d',
      }),
    ).toBe(true);
    // committed is still open: the key is held.
    expect((await store.createOrGetOpen(rollback())).created).toBe(false);

    expect(
      await store.transition(first.record.id, ['committed'], 'deployed'),
    ).toBe(true);
    const next = await store.createOrGetOpen(rollback());
    expect(next.created).toBe(true);
    expect(next.record.id).not.toBe(first.record.id);
    expect(await store.get(first.record.id)).toMatchObject({
      status: 'deployed',
      resultCommitSha: 'f00d',
    });
  });

  it('keeps one Git action per deployment, and cluster actions apart', async () => {
    const { store } = await storeOn(id);
    const roll = await store.createOrGetOpen(rollback());
    const revert = await store.createOrGetOpen(
      rollback({ type: 'revert-commit', commitShaTarget: 'beef' }),
    );
    expect(revert).toEqual({ record: roll.record, created: false });

    const sync = await store.createOrGetOpen(rollback({ type: 'sync' }));
    const refresh = await store.createOrGetOpen(rollback({ type: 'refresh' }));
    const otherDeployment = await store.createOrGetOpen(
      rollback({ deploymentId: 'argocd:staging:storefront' }),
    );
    expect([sync, refresh, otherDeployment].map(a => a.created)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('lists the open records, optionally for some deployments', async () => {
    const { store, clock } = await storeOn(id);
    const a = await store.createOrGetOpen(rollback({ deploymentId: 'a' }));
    clock.advance(5);
    const b = await store.createOrGetOpen(rollback({ deploymentId: 'b' }));
    clock.advance(5);
    const c = await store.createOrGetOpen(rollback({ deploymentId: 'c' }));
    await store.transition(b.record.id, ['requested'], 'pr-open');
    await store.transition(c.record.id, ['requested'], 'superseded');

    expect((await store.listOpen()).map(r => r.id)).toEqual([
      a.record.id,
      b.record.id,
    ]);
    expect(
      (await store.listOpen({ deploymentIds: ['b', 'c'] })).map(r => r.id),
    ).toEqual([b.record.id]);
  });

  it('moves a record only from the listed states, and never out of a final one', async () => {
    const { store, clock } = await storeOn(id);
    const { record } = await store.createOrGetOpen(
      rollback({ warnings: [{ code: 'auto-sync-off', message: 'no auto' }] }),
    );
    expect(await store.transition(record.id, ['pr-open'], 'merged')).toBe(
      false,
    );
    expect((await store.get(record.id))!.status).toBe('requested');

    clock.advance(1000);
    expect(
      await store.transition(record.id, ['requested'], 'pr-open', {
        prUrl: 'https://github.example/o/r/pull/7',
      }),
    ).toBe(true);
    // A second mover with the same expectation loses.
    expect(await store.transition(record.id, ['requested'], 'pr-open')).toBe(
      false,
    );
    const open = await store.get(record.id);
    expect(open).toMatchObject({
      status: 'pr-open',
      prUrl: 'https://github.example/o/r/pull/7',
      warnings: [{ code: 'auto-sync-off', message: 'no auto' }],
      updatedAt: '2026-12-01T10:00:01.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
    });

    expect(
      await store.transition(record.id, ['pr-open', 'committed'], 'failed', {
        error: 'the pull request was closed without merging',
      }),
    ).toBe(true);
    expect(await store.get(record.id)).toMatchObject({
      status: 'failed',
      error: 'the pull request was closed without merging',
    });
    await expect(
      store.transition(record.id, ['failed'], 'requested'),
    ).rejects.toThrow("may not move from 'failed' to 'requested'");
    await expect(
      store.transition(record.id, ['requested'], 'bogus' as 'failed'),
    ).rejects.toThrow("Unknown action status 'bogus'");
    expect(await store.transition('no-such-id', ['requested'], 'failed')).toBe(
      false,
    );
  });

  it('lists an entity’s records newest first, in pages', async () => {
    const { store, clock } = await storeOn(id);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { record } = await store.createOrGetOpen(
        rollback({ deploymentId: `d${i % 2}`, type: 'sync' }),
      );
      made.push(record.id);
      await store.transition(record.id, ['requested'], 'failed', {
        error: 'test',
      });
      clock.advance(i === 2 ? 0 : 10); // two records share a timestamp
    }
    await store.createOrGetOpen(rollback({ entityRef: 'component:default/x' }));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listForEntity(ENTITY, { limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map(r => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(new Set(seen)).toEqual(new Set(made));
    // Newest first: by creation time; equal times by id, descending.
    const all = await store.listForEntity(ENTITY, { limit: 100 });
    expect(all.nextCursor).toBeUndefined();
    expect(all.items.map(r => r.id)).toEqual(seen);
    const order = all.items.map(r => [r.createdAt, r.id].join(' '));
    expect([...order].sort().reverse()).toEqual(order);
    expect(all.items[0].id).toBe(made[4]);

    const d1 = await store.listForEntity(ENTITY, { deploymentId: 'd1' });
    expect(d1.items.map(r => r.id)).toEqual([made[3], made[1]]);

    await expect(
      store.listForEntity(ENTITY, { cursor: 'not-a-cursor' }),
    ).rejects.toThrow('cursor is not one this server gave out');
    await expect(store.listForEntity(ENTITY, { limit: 0 })).rejects.toThrow(
      'limit must be a whole number from 1 to 100',
    );
  });

  it('claims each stale requested record once, even with two concurrent claimers', async () => {
    const { store, clock } = await storeOn(id);
    const stale: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { record } = await store.createOrGetOpen(
        rollback({ deploymentId: `stale-${i}`, claimedBy: 'dead-process' }),
      );
      stale.push(record.id);
    }
    const moved = await store.createOrGetOpen(
      rollback({ deploymentId: 'moved-on', claimedBy: 'dead-process' }),
    );
    await store.transition(moved.record.id, ['requested'], 'committed');
    clock.advance(60_000);
    const fresh = await store.createOrGetOpen(
      rollback({ deploymentId: 'fresh', claimedBy: 'live-process' }),
    );
    const renewed = stale.pop()!;
    expect(await store.renewClaim(renewed, 'dead-process')).toBe(true);
    expect(await store.renewClaim(renewed, 'someone-else')).toBe(false);
    clock.advance(1000);

    const [a, b] = await Promise.all([
      store.claimStale(30_000, 'finisher-a'),
      store.claimStale(30_000, 'finisher-b'),
    ]);
    const claimed = [...a, ...b].map(r => r.id);
    expect(claimed.sort()).toEqual([...stale].sort());
    for (const record of a) expect(record.claimedBy).toBe('finisher-a');
    for (const record of b) expect(record.claimedBy).toBe('finisher-b');
    for (const record of [...a, ...b]) {
      expect(await store.get(record.id)).toMatchObject({
        status: 'requested',
        claimedBy: record.claimedBy,
        claimedAt: '2026-12-01T10:01:01.000Z',
      });
    }
    expect(await store.get(fresh.record.id)).toMatchObject({
      claimedBy: 'live-process',
    });

    // Just claimed: nothing is stale now, and the finisher can end them.
    expect(await store.claimStale(30_000, 'finisher-c')).toEqual([]);
    expect(
      await store.transition(stale[0], ['requested'], 'failed', {
        error: 'the process carrying it out stopped',
      }),
    ).toBe(true);
    clock.advance(31_000);
    const later = await store.claimStale(30_000, 'finisher-c');
    expect(later.map(r => r.id).sort()).toEqual(
      [...stale.slice(1), renewed, fresh.record.id].sort(),
    );
  });
});
