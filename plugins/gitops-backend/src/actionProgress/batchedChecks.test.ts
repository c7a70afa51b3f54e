import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import {
  committedRollback,
  entityOf,
  sha,
  trackerOnNumberedAnswers,
} from './__testUtils__/numberedFleet';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
const ENTITIES = 250;

describe.each(databases.eachSupportedId())(
  'the tracker checking many changed answers on %s',
  id => {
    it('reads the records of a batch of entities at once, and moves each that is deployed', async () => {
      const knex = await databases.init(id);
      await migrateActionRecords(knex);
      const store = new ActionRecordStore(knex);
      // Rollbacks committed for every 50th entity; the view of every 100th
      // already runs the commit, the others' do not yet.
      const records: Record<number, string> = {};
      for (let i = 0; i < ENTITIES; i += 50) {
        records[i] = await committedRollback(
          store,
          i,
          i % 100 === 0 ? sha(i) : 'f'.repeat(40),
        );
      }
      const reads = jest.spyOn(store, 'listInStatus');
      const { tracker, changed } = trackerOnNumberedAnswers(store);
      tracker.start();
      await tracker.idle();
      reads.mockClear();
      // A cold start: every answer changes at once.
      for (let i = 0; i < ENTITIES; i++) {
        changed(entityOf(i));
      }
      await tracker.idle();
      // 250 entities, 100 per batch: 3 reads, not 250.
      expect(reads).toHaveBeenCalledTimes(3);

      // Answers that change a few per turn of the event loop, as views
      // are built one by one, still share one read.
      reads.mockClear();
      for (let i = 0; i < 60; i++) {
        changed(entityOf(i));
        if (i % 5 === 4) await new Promise(r => setImmediate(r));
      }
      await tracker.idle();
      await tracker.stop();
      expect(reads).toHaveBeenCalledTimes(1);
      const statuses = Object.fromEntries(
        await Promise.all(
          Object.entries(records).map(async ([i, recordId]) => [
            i,
            (await store.get(recordId))?.status,
          ]),
        ),
      );
      expect(statuses).toEqual({
        0: 'deployed',
        50: 'committed',
        100: 'deployed',
        150: 'committed',
        200: 'deployed',
      });
    });
  },
);
