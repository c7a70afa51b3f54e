import { mockServices } from '@backstage/backend-test-utils';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { ledgerDeployment } from '../ledger/__testUtils__/ledgerDeployment';
import { ActionProgressTracker } from './ActionProgressTracker';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
const REPO = 'https://git.example.com/acme/deploy';
const sha = (i: number) => i.toString(16).padStart(40, 'a');
const ENTITIES = 250;

/** Each entity runs one deployment at its own revision. */
function answerOf(i: number): EntityDeploymentsResponse {
  const id = `prod/argocd/argocd-application/app-${i}`;
  return {
    entityRef: `component:default/app-${i}`,
    observedAt: '2026-12-03T00:00:00Z',
    problems: [],
    deployments: [
      ledgerDeployment({
        id,
        name: `app-${i}`,
        sources: [
          {
            type: 'git',
            repoURL: REPO,
            ref: 'main',
            deployedRevision: sha(i),
            pendingCommits: [],
            pendingTruncated: false,
          },
        ],
      }),
    ],
  };
}

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
        const { record } = await store.createOrGetOpen({
          entityRef: `component:default/app-${i}`,
          deploymentId: `prod/argocd/argocd-application/app-${i}`,
          type: 'rollback',
          targetRevision: 'abcdef1',
          reason: 'broken release',
          requestedBy: 'user:default/alice',
          claimedBy: 'test-process',
        });
        await store.transition(record.id, ['requested'], 'committed', {
          resultCommitSha: i % 100 === 0 ? sha(i) : 'f'.repeat(40),
        });
        records[i] = record.id;
      }
      const reads = jest.spyOn(store, 'listInStatus');
      const listeners: Array<(ref: string) => void> = [];
      const tracker = new ActionProgressTracker({
        store,
        answers: {
          answerFor: ref => answerOf(Number(ref.split('app-')[1])),
          subscribe: listener => {
            listeners.push(listener);
            return () => {};
          },
        },
        git: {
          line: async () => {
            throw new Error('not indexed');
          },
          isAncestor: async () => false,
        },
        logger: mockServices.logger.mock(),
        prPollSeconds: 3600,
      });
      tracker.start();
      await tracker.idle();
      reads.mockClear();
      // A cold start: every answer changes at once.
      for (let i = 0; i < ENTITIES; i++) {
        listeners.forEach(l => l(`component:default/app-${i}`));
      }
      await tracker.idle();
      // 250 entities, 100 per batch: 3 reads, not 250.
      expect(reads).toHaveBeenCalledTimes(3);

      // Answers that change a few per turn of the event loop, as views
      // are built one by one, still share one read.
      reads.mockClear();
      for (let i = 0; i < 60; i++) {
        listeners.forEach(l => l(`component:default/app-${i}`));
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
