import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import type { CreateActionRecordInput } from '../actionRecords';
import {
  actionRecordDatabases,
  testClock,
} from '../actionRecords/__testUtils__/actionRecordDatabases';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();

const input = (deploymentId: string): CreateActionRecordInput => ({
  entityRef: 'component:default/storefront',
  deploymentId,
  type: 'rollback',
  targetRevision: 'a1b2c3d',
  reason: 'broken',
  requestedBy: 'user:default/alice',
  claimedBy: 'process-a',
});

/** The tracker's query: store.listInStatus. */
describe.each(databases.eachSupportedId())(
  'the records the tracker watches on %s',
  id => {
    it('lists pr-open, committed and merged records (merged ones hold no open key), oldest first, by deployment and in pages', async () => {
      const knex = await databases.init(id);
      await migrateActionRecords(knex);
      const clock = testClock();
      const store = new ActionRecordStore(knex, clock);
      const ids: Record<string, string> = {};
      for (const name of ['pr', 'committed', 'merged', 'requested', 'done']) {
        ids[name] = (await store.createOrGetOpen(input(name))).record.id;
        clock.advance(10);
      }
      await store.transition(ids.pr, ['requested'], 'pr-open');
      await store.transition(ids.committed, ['requested'], 'committed');
      await store.transition(ids.merged, ['requested'], 'pr-open');
      await store.transition(ids.merged, ['pr-open'], 'merged');
      await store.transition(ids.done, ['requested'], 'committed');
      await store.transition(ids.done, ['committed'], 'deployed');

      const watched = ['pr-open', 'committed', 'merged'] as const;
      expect((await store.listInStatus(watched)).map(r => r.id)).toEqual([
        ids.pr,
        ids.committed,
        ids.merged,
      ]);
      // listOpen does not see the merged one: why the tracker asks by status.
      expect((await store.listOpen()).map(r => r.id)).not.toContain(ids.merged);
      expect(
        (
          await store.listInStatus(watched, {
            deploymentIds: ['merged', 'done'],
          })
        ).map(r => r.id),
      ).toEqual([ids.merged]);
      expect(await store.listInStatus([])).toEqual([]);

      // Pages: a limit, then on after the last record of a page.
      const first = await store.listInStatus(watched, { limit: 2 });
      expect(first.map(r => r.id)).toEqual([ids.pr, ids.committed]);
      const second = await store.listInStatus(watched, {
        limit: 2,
        after: first[1],
      });
      expect(second.map(r => r.id)).toEqual([ids.merged]);
    });
  },
);
