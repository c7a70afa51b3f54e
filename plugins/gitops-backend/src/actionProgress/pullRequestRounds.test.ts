import { mockServices } from '@backstage/backend-test-utils';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import {
  actionRecordDatabases,
  testClock,
} from '../actionRecords/__testUtils__/actionRecordDatabases';
import { ActionProgressTracker } from './ActionProgressTracker';
import type { PullRequestReader } from './pullRequests';

const databases = actionRecordDatabases();

/**
 * However many pull requests are open, a round reads a bounded number of
 * them (GitHub's rate limit), and rounds take turns so that every one is
 * read. The reads themselves are tested against the GitHub facade in
 * ActionProgressTracker.test.ts; here the reader only counts.
 */
describe('ActionProgressTracker pull request rounds', () => {
  it('reads at most prReadsPerRound pull requests a round, taking turns until every one was read', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateActionRecords(knex);
    const clock = testClock();
    const store = new ActionRecordStore(knex, clock);
    const urls: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const { record } = await store.createOrGetOpen({
        entityRef: 'component:default/storefront',
        deploymentId: `prod/argocd/argocd-application/app-${i}`,
        type: 'rollback',
        targetRevision: 'a1b2c3d',
        reason: 'broken',
        requestedBy: 'user:default/alice',
        claimedBy: 'process-a',
      });
      const url = `https://github.com/acme/deploy/pull/${i}`;
      urls.push(url);
      await store.transition(record.id, ['requested'], 'pr-open', {
        prUrl: url,
      });
      clock.advance(10);
    }
    const rounds: string[][] = [];
    const reader: PullRequestReader = {
      async read(prUrl) {
        rounds[rounds.length - 1].push(prUrl);
        return {
          number: 1,
          state: 'open',
          merged: false,
          mergeCommitSha: null,
        };
      },
    };
    const tracker = new ActionProgressTracker({
      store,
      answers: { answerFor: () => undefined, subscribe: () => () => {} },
      git: { line: jest.fn(), isAncestor: jest.fn() } as any,
      github: reader,
      logger: mockServices.logger.mock(),
      prReadsPerRound: 2,
    });
    for (let round = 0; round < 3; round++) {
      rounds.push([]);
      await tracker.poll();
    }
    await tracker.idle();
    expect(rounds.map(r => r.length)).toEqual([2, 2, 2]);
    expect(new Set(rounds.flat())).toEqual(new Set(urls));
    // The third round went on past the newest and wrapped round to the oldest.
    expect(rounds[2]).toEqual([urls[4], urls[0]]);
    // Still open: nothing moved.
    expect((await store.listInStatus(['pr-open'])).map(r => r.prUrl)).toEqual(
      urls,
    );
  });
});
