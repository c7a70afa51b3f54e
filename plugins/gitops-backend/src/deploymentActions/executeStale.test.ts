import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { startGitServer, type GitServer } from '@gitops-console/testkit';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import type { ActionRecord } from '../actionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { PlainGitActionWriter, readActionsConfig } from '../gitWrites';
import {
  createRollbackHistory,
  OVERLAY,
  treeAt,
  type RollbackHistory,
} from '../gitWrites/__testUtils__/rollbackHistory';
import { ConfigReader } from '@backstage/config';
import { ActionSignals } from './actionSignals';
import { ActionsService } from './ActionsService';
import { ActionAuthorizer } from './authorizeAction';
import { gitWriters } from './gitWriters';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
const ENTITY = 'component:default/checkout';
const DEPLOYMENT = 'prod-eu/shop/argocd-application/checkout';

let server: GitServer;
let count = 0;
beforeAll(async () => {
  server = await startGitServer({ anonymousRead: true });
});
afterAll(async () => {
  await server?.stop();
});

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { owner: 'team-storefront' },
};

/** The deployment as the read path would answer it, deployed at c5. */
function deploymentOf(history: RollbackHistory): Deployment {
  const source = {
    type: 'git' as const,
    repoURL: `${server.url}/${history.repo.fullName}.git`,
    path: OVERLAY,
    ref: 'main',
    deployedRevision: history.c5,
    pendingCommits: [],
    pendingTruncated: false,
  };
  return {
    id: DEPLOYMENT,
    cluster: 'prod-eu',
    namespace: 'shop',
    name: 'checkout',
    kind: 'argocd-application',
    source,
    sources: [source],
    syncStatus: 'Synced',
    health: 'Healthy',
    suspended: false,
    drift: { state: 'in-sync', reasons: [], resources: [] },
    pendingCommits: [],
    pendingTruncated: false,
    history: [],
    links: {},
  };
}

describe.each(databases.eachSupportedId())(
  'executing a record another process left requested, on %s',
  dbId => {
    async function setup(options: { entityGone?: boolean } = {}) {
      count += 1;
      const history = await createRollbackHistory(
        server,
        `acme/stale-${count}`,
      );
      const knex = await databases.init(dbId);
      await migrateActionRecords(knex);
      const store = new ActionRecordStore(knex);
      const config = new ConfigReader({
        gitops: {
          actions: { git: [{ urlPrefix: server.url, mode: 'direct' }] },
        },
      });
      const actions = readActionsConfig(config);
      const changes: string[] = [];
      const signals = new ActionSignals({
        channelFor: ref => `gitops:${ref}`,
        logger: mockServices.logger.mock(),
      });
      signals.onRecordChanged(r => changes.push(`${r.id} ${r.status}`));
      const plain = new PlainGitActionWriter({
        actions,
        credentials: {
          authorization: async () =>
            `Basic ${Buffer.from(`git:${server.token}`).toString('base64')}`,
        },
      });
      const service = new ActionsService({
        deployments: {
          forEntity: async () => ({
            entityRef: ENTITY,
            observedAt: new Date().toISOString(),
            deployments: [deploymentOf(history)],
            problems: [],
          }),
        },
        store,
        authorizer: new ActionAuthorizer(mockServices.permissions.mock()),
        auditor: mockServices.auditor.mock(),
        signals,
        git: gitWriters({
          actions,
          github: { serves: () => false } as any,
          plain,
        }),
        logger: mockServices.logger.mock(),
        processId: 'finisher',
        lookupEntity: async () => (options.entityGone ? undefined : entity),
      });
      // The dead process's record: created and claimed, never carried out.
      const { record } = await store.createOrGetOpen({
        entityRef: ENTITY,
        deploymentId: DEPLOYMENT,
        type: 'rollback',
        targetRevision: history.c1,
        reason: 'checkout errors',
        requestedBy: 'user:default/alice',
        claimedBy: 'dead-process',
      });
      return { history, store, service, record, changes };
    }

    const headOf = async (history: RollbackHistory) =>
      (await history.repo.git(['rev-parse', 'refs/heads/main'])).trim();

    it('carries the action out, and a second attempt writes nothing more', async () => {
      const { history, service, record, changes } = await setup();
      const done = await service.execute(record);
      expect(done).toMatchObject({ id: record.id, status: 'committed' });
      const head = await headOf(history);
      expect(done.resultCommitSha).toBe(head);
      expect((await history.repo.git(['rev-parse', `${head}^`])).trim()).toBe(
        history.c5,
      );
      expect(await treeAt(history.repo, head, OVERLAY)).toBe(
        await treeAt(history.repo, history.c1, OVERLAY),
      );
      expect(changes).toEqual([`${record.id} committed`]);

      // A finisher that still holds the old copy runs it again.
      const again = await service.execute({ ...record } as ActionRecord);
      expect(again.status).toBe('committed');
      expect(await headOf(history)).toBe(head);
      expect(changes).toEqual([`${record.id} committed`]);
    });

    it('fails the record with the reason when its entity is gone', async () => {
      const { history, service, record, changes } = await setup({
        entityGone: true,
      });
      const done = await service.execute(record);
      expect(done).toMatchObject({
        status: 'failed',
        error: `${ENTITY} is no longer in the catalog`,
      });
      expect(await headOf(history)).toBe(history.c5);
      expect(changes).toEqual([`${record.id} failed`]);
    });
  },
);
