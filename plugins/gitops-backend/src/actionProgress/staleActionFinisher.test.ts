import { mockServices } from '@backstage/backend-test-utils';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import type { ActionRecord, CreateActionRecordInput } from '../actionRecords';
import {
  actionRecordDatabases,
  testClock,
} from '../actionRecords/__testUtils__/actionRecordDatabases';
import {
  createStaleActionFinisher,
  STALE_ACTION_FINISHER_TASK_ID,
} from './staleActionFinisher';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();

const rollback = (claimedBy: string): CreateActionRecordInput => ({
  entityRef: 'component:default/storefront',
  deploymentId: 'prod/argocd/argocd-application/storefront',
  type: 'rollback',
  targetRevision: 'a1b2c3d',
  reason: 'checkout broken since the last release',
  requestedBy: 'user:default/alice',
  claimedBy,
});

/** What execute does in the actions service: carry the action out, move the record. */
function committingExecute(store: ActionRecordStore, calls: string[]) {
  return async (record: ActionRecord) => {
    calls.push(record.id);
    await store.transition(record.id, ['requested'], 'committed', {
      resultCommitSha: `c0ffee${record.id.slice(0, 6)}`,
    });
  };
}

describe.each(databases.eachSupportedId())(
  'createStaleActionFinisher on %s',
  id => {
    async function setUp() {
      const knex = await databases.init(id);
      await migrateActionRecords(knex);
      const clock = testClock();
      // Two processes: the one that died, and the live one, each with its store.
      const dead = new ActionRecordStore(knex, clock);
      const live = new ActionRecordStore(knex, clock);
      return { knex, clock, dead, live };
    }

    it('finishes a record left by a dead process once the bound passed, not before', async () => {
      const { clock, dead, live } = await setUp();
      const { record } = await dead.createOrGetOpen(rollback('dead-process'));
      const calls: string[] = [];
      const scheduler = mockServices.scheduler();
      const finisher = await createStaleActionFinisher({
        store: live,
        scheduler,
        execute: committingExecute(live, calls),
        staleAfterSeconds: 60,
        logger: mockServices.logger.mock(),
        now: clock.now,
      });
      expect((await scheduler.getScheduledTasks()).map(t => t.id)).toEqual([
        STALE_ACTION_FINISHER_TASK_ID,
      ]);

      clock.advance(59_000);
      await scheduler.triggerTask(finisher.taskId);
      expect(calls).toEqual([]);
      expect(await live.get(record.id)).toMatchObject({
        status: 'requested',
        claimedBy: 'dead-process',
      });

      clock.advance(2_000);
      await scheduler.triggerTask(finisher.taskId);
      expect(calls).toEqual([record.id]);
      expect(await live.get(record.id)).toMatchObject({
        status: 'committed',
        claimedBy: finisher.processId,
      });
      // Nothing left to finish.
      clock.advance(120_000);
      expect(await finisher.runOnce()).toEqual({ finished: [], failed: [] });
    });

    it('gives each stale record to exactly one of two racing finishers', async () => {
      const { knex, clock, dead, live } = await setUp();
      const records: string[] = [];
      for (let i = 0; i < 6; i++) {
        const input = {
          ...rollback('dead-process'),
          deploymentId: `prod/argocd/argocd-application/app-${i}`,
        };
        records.push((await dead.createOrGetOpen(input)).record.id);
      }
      const calls: string[] = [];
      const other = new ActionRecordStore(knex, clock);
      const make = (store: ActionRecordStore, processId: string) =>
        createStaleActionFinisher({
          store,
          scheduler: mockServices.scheduler(),
          execute: committingExecute(store, calls),
          staleAfterSeconds: 60,
          logger: mockServices.logger.mock(),
          processId,
          now: clock.now,
        });
      const [a, b] = await Promise.all([
        make(live, 'replica-a'),
        make(other, 'replica-b'),
      ]);
      clock.advance(61_000);
      const rounds = await Promise.all([a.runOnce(), b.runOnce()]);

      expect(calls.sort()).toEqual([...records].sort());
      expect(rounds.flatMap(r => r.finished).sort()).toEqual(
        [...records].sort(),
      );
      for (const recordId of records) {
        expect(await live.get(recordId)).toMatchObject({ status: 'committed' });
      }
    });

    it('fails a record whose execute throws, with the cause and no credentials', async () => {
      const { clock, dead, live } = await setUp();
      const { record } = await dead.createOrGetOpen(rollback('dead-process'));
      const changed: ActionRecord[] = [];
      const finisher = await createStaleActionFinisher({
        store: live,
        scheduler: mockServices.scheduler(),
        execute: async () => {
          throw new Error(
            'git push https://x-access-token:ghs_secret123@git.test/acme/deploy.git failed: remote hung up',
          );
        },
        staleAfterSeconds: 60,
        logger: mockServices.logger.mock(),
        now: clock.now,
        onRecordChanged: r => {
          changed.push(r);
        },
      });
      clock.advance(61_000);
      expect(await finisher.runOnce()).toEqual({
        finished: [],
        failed: [record.id],
      });
      const failed = await live.get(record.id);
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toContain('remote hung up');
      expect(failed?.error).not.toContain('ghs_secret123');
      expect(changed.map(r => [r.id, r.status])).toEqual([
        [record.id, 'failed'],
      ]);
      // Ended: the deployment's key is free for the next action.
      expect((await live.createOrGetOpen(rollback('live'))).created).toBe(true);
    });

    it('fails a record execute leaves requested, and one too old to run again', async () => {
      const { clock, dead, live } = await setUp();
      const idle = await dead.createOrGetOpen(rollback('dead-process'));
      const calls: string[] = [];
      const finisher = await createStaleActionFinisher({
        store: live,
        scheduler: mockServices.scheduler(),
        execute: async r => {
          calls.push(r.id);
        },
        staleAfterSeconds: 60,
        giveUpAfterSeconds: 300,
        logger: mockServices.logger.mock(),
        now: clock.now,
      });
      clock.advance(61_000);
      expect((await finisher.runOnce()).failed).toEqual([idle.record.id]);
      expect(await live.get(idle.record.id)).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('left it unfinished'),
      });

      const old = await dead.createOrGetOpen(rollback('dead-process'));
      clock.advance(301_000);
      expect((await finisher.runOnce()).failed).toEqual([old.record.id]);
      expect(calls).toEqual([idle.record.id]);
      expect((await live.get(old.record.id))?.error).toContain(
        'was not tried again',
      );
    });
  },
);
