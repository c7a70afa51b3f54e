import { mockServices } from '@backstage/backend-test-utils';
import type { DriftState } from '@gitops-console/plugin-gitops-common';
import { migrateActionRecords } from '../actionRecords/migrateActionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { ledgerDeployment } from './__testUtils__/ledgerDeployment';
import { DeploymentLedger } from './DeploymentLedger';
import { LedgerStore } from './LedgerStore';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();
const R1 = '1'.repeat(40);
const R2 = '2'.repeat(40);
const KEY = 'prod/argocd/Application/shop';
const REFS = new Set(['component:default/shop']);

/** A build as the views hand it over: deployed at `revision`, in `state`. */
const build = (revision: string, state: DriftState) =>
  ledgerDeployment({
    deployedRevision: revision,
    drift: { state, reasons: [], resources: [] },
    history: [],
  });

describe.each(databases.eachSupportedId())(
  'DeploymentLedger across restarts on %s',
  id => {
    it('records the drift state again after a restart only when it changed', async () => {
      const knex = await databases.init(id);
      await migrateActionRecords(knex);
      const store = new LedgerStore(knex);
      /** A process's ledger: what it remembers starts empty. */
      const process = () =>
        new DeploymentLedger({ store, logger: mockServices.logger.mock() });
      const see = async (
        ledger: DeploymentLedger,
        ...builds: ReturnType<typeof build>[]
      ) => {
        for (const next of builds) ledger.onBuilt(KEY, undefined, next, REFS);
        await ledger.flushed();
      };
      const summary = async () =>
        (await store.list({ limit: 500 })).items
          .map(e =>
            e.transition === 'deployed'
              ? `deployed ${e.revisionAfter?.slice(0, 1)}`
              : `drift ${e.driftBefore ?? '-'}→${
                  e.driftAfter
                } at ${e.revisionAfter?.slice(0, 1)}`,
          )
          .sort();

      await see(process(), build(R1, 'in-sync'), build(R2, 'in-sync'));
      expect(await summary()).toEqual(
        ['deployed 1', 'drift -→in-sync at 1', 'deployed 2'].sort(),
      );

      // A restart at the later revision, nothing changed: nothing recorded
      // (the first sight's drift event has another key there).
      await see(process(), build(R2, 'in-sync'));
      expect(await summary()).toEqual(
        ['deployed 1', 'drift -→in-sync at 1', 'deployed 2'].sort(),
      );

      // The state changed while no process watched: recorded once, with
      // the state the ledger held before it, by however many processes.
      await Promise.all([
        see(process(), build(R2, 'failing')),
        see(process(), build(R2, 'failing')),
      ]);
      expect(await summary()).toEqual(
        [
          'deployed 1',
          'drift -→in-sync at 1',
          'deployed 2',
          'drift in-sync→failing at 2',
        ].sort(),
      );
    });

    it('writes the events of many builds in a few batched writes, losing none', async () => {
      const knex = await databases.init(id);
      await migrateActionRecords(knex);
      const store = new LedgerStore(knex);
      const append = jest.spyOn(store, 'append');
      const ledger = new DeploymentLedger({
        store,
        logger: mockServices.logger.mock(),
      });
      // A cold start: first sights arriving a few per tick, as builds end.
      for (let i = 0; i < 200; i++) {
        const key = `prod/argocd/Application/app-${i}`;
        ledger.onBuilt(
          key,
          undefined,
          ledgerDeployment({ id: key, name: `app-${i}` }),
          REFS,
        );
        if (i % 4 === 3) await new Promise(r => setImmediate(r));
      }
      await ledger.flushed();
      // Each first sight is a deployed and a drift event.
      expect((await store.list({ limit: 500 })).items).toHaveLength(400);
      expect(append.mock.calls.length).toBeLessThan(10);
    });
  },
);
