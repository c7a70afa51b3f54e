import { waitFor } from '@gitops-console/testkit';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import {
  committedRollback,
  entityOf,
  trackerOnNumberedAnswers,
} from './__testUtils__/numberedFleet';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
/**
 * A migrated store and a started tracker over it (retries after 25–50 ms),
 * past its first round: records committed after this are seen only
 * through answer changes and retries.
 */
async function startedTracker(
  id: Parameters<typeof databases.init>[0],
  options: Parameters<typeof trackerOnNumberedAnswers>[1] = {},
) {
  const knex = await databases.init(id);
  await migrateActionRecords(knex);
  const store = new ActionRecordStore(knex);
  const started = trackerOnNumberedAnswers(store, { retryMs: 50, ...options });
  started.tracker.start();
  await started.tracker.idle();
  return { store, ...started };
}
const allDeployed = (store: ActionRecordStore, ids: readonly string[]) =>
  waitFor(
    'every record deployed',
    async () => {
      const statuses = await Promise.all(
        ids.map(async r => (await store.get(r))?.status),
      );
      return statuses.every(s => s === 'deployed');
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );

const BUSY = () => new Error('SQLITE_BUSY: database is locked');

describe.each(databases.eachSupportedId())(
  'the tracker when a check fails on %s',
  id => {
    it('moves the other records of the batch at once, and the failed one on a retry', async () => {
      const { store, tracker, changed, logger } = await startedTracker(id);
      // Committed after the start's round, so only answer changes see them.
      const [first, second, third] = await Promise.all(
        [1, 2, 3].map(i => committedRollback(store, i)),
      );
      // The first record's move fails once, as a locked database would.
      const transition = store.transition.bind(store);
      let failures = 0;
      jest
        .spyOn(store, 'transition')
        .mockImplementation(async (recordId, ...rest) => {
          if (recordId === first && failures++ === 0) throw BUSY();
          return transition(recordId, ...rest);
        });

      changed(entityOf(1), entityOf(2), entityOf(3));
      await tracker.idle();
      // The batch went on past the failure.
      expect((await store.get(second))?.status).toBe('deployed');
      expect((await store.get(third))?.status).toBe('deployed');
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`cannot move action ${first}`),
      );
      // No answer changes again and no round comes: only the retry moves it.
      await waitFor(
        'the failed move retried',
        async () => (await store.get(first))?.status === 'deployed',
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      expect(failures).toBe(2);
      await tracker.stop();
    });

    it('checks a batch whose records could not be read again, and moves them', async () => {
      const { store, tracker, changed, logger } = await startedTracker(id);
      const records = await Promise.all(
        [4, 5].map(i => committedRollback(store, i)),
      );
      const list = store.listInStatus.bind(store);
      const reads = jest
        .spyOn(store, 'listInStatus')
        .mockImplementationOnce(async () => {
          throw BUSY();
        })
        .mockImplementation(list);

      changed(entityOf(4), entityOf(5));
      await tracker.idle();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('cannot check the actions of 2 entities'),
      );
      for (const recordId of records) {
        expect((await store.get(recordId))?.status).toBe('committed');
      }
      await waitFor(
        'the unread batch checked again',
        async () => {
          const statuses = await Promise.all(
            records.map(async r => (await store.get(r))?.status),
          );
          return statuses.every(s => s === 'deployed');
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      // One failed read, then one read of both entities together.
      expect(reads).toHaveBeenCalledTimes(2);
      await tracker.stop();
    });

    it('gives a batch up after three failed moves, as when the database is down, and checks it all again', async () => {
      const { store, tracker, changed, logger } = await startedTracker(id);
      const ids = await Promise.all(
        [11, 12, 13, 14, 15, 16].map(i => committedRollback(store, i)),
      );
      const transition = store.transition.bind(store);
      let calls = 0;
      const moves = jest
        .spyOn(store, 'transition')
        .mockImplementation(async (...args) => {
          if (calls++ < 3) throw BUSY();
          return transition(...args);
        });

      changed(...[11, 12, 13, 14, 15, 16].map(entityOf));
      await tracker.idle();
      // Three tried, not six; one warning for the batch, not one per record.
      expect(moves).toHaveBeenCalledTimes(3);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'cannot check the actions of 6 entities (component:default/app-11',
        ),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('3 moves failed'),
      );
      await allDeployed(store, ids);
      await tracker.stop();
    });

    it('counts a move whose announcement failed as done, not as a move to retry', async () => {
      const announced: string[] = [];
      const { store, tracker, changed, logger } = await startedTracker(id, {
        onRecordChanged: record => {
          announced.push(record.id);
        },
      });
      const [first, second] = await Promise.all(
        [21, 22].map(i => committedRollback(store, i)),
      );
      // The read of the moved record, for its announcement, fails once.
      const get = store.get.bind(store);
      jest
        .spyOn(store, 'get')
        .mockImplementationOnce(async () => {
          throw BUSY();
        })
        .mockImplementation(get);
      const reads = jest.spyOn(store, 'listInStatus');

      changed(entityOf(21), entityOf(22));
      await tracker.idle();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'moved to deployed, but onRecordChanged failed',
        ),
      );
      expect(logger.warn).not.toHaveBeenCalledWith(
        expect.stringContaining('cannot move action'),
      );
      // Well past a retry's 50 ms: nothing was queued again.
      await new Promise(r => setTimeout(r, 300));
      await tracker.idle();
      expect(reads).toHaveBeenCalledTimes(1);
      expect((await store.get(first))?.status).toBe('deployed');
      expect((await store.get(second))?.status).toBe('deployed');
      expect(announced).toHaveLength(1);
      await tracker.stop();
    });

    it('stops retrying when stopped', async () => {
      const { store, tracker, changed } = await startedTracker(id);
      await committedRollback(store, 6);
      const reads = jest
        .spyOn(store, 'listInStatus')
        .mockImplementation(async () => {
          throw BUSY();
        });
      changed(entityOf(6));
      await tracker.idle();
      expect(reads).toHaveBeenCalledTimes(1);
      await tracker.stop();
      // Well past the first retry's 50 ms: a stopped tracker reads nothing.
      await new Promise(r => setTimeout(r, 300));
      expect(reads).toHaveBeenCalledTimes(1);
    });
  },
);
