import { waitFor } from '@gitops-console/testkit';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import {
  actionRecordDatabases,
  testClock,
} from '../actionRecords/__testUtils__/actionRecordDatabases';
import { withClaimRenewal } from './withClaimRenewal';

jest.setTimeout(60_000);

const databases = actionRecordDatabases();

describe.each(databases.eachSupportedId())('withClaimRenewal on %s', id => {
  it('keeps a live owner’s claim fresh while the work runs, so no finisher takes it', async () => {
    const knex = await databases.init(id);
    await migrateActionRecords(knex);
    const clock = testClock();
    const store = new ActionRecordStore(knex, clock);
    const { record } = await store.createOrGetOpen({
      entityRef: 'component:default/storefront',
      deploymentId: 'prod/argocd/argocd-application/storefront',
      type: 'rollback',
      targetRevision: 'a1b2c3d',
      reason: 'slow push',
      requestedBy: 'user:default/alice',
      claimedBy: 'live-process',
    });

    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    const work = withClaimRenewal(
      store,
      record.id,
      'live-process',
      async () => {
        await released;
        return 'pushed';
      },
      { everyMs: 20 },
    );
    // Time passes beyond the bound while the work runs; the renewals move
    // the claim along with it.
    clock.advance(61_000);
    await waitFor(
      'the claim renewed',
      async () =>
        (await store.get(record.id))?.claimedAt === clock.now().toISOString(),
      { timeoutMs: 10_000 },
    );
    expect(await store.claimStale(60_000, 'finisher')).toEqual([]);
    release();
    await expect(work).resolves.toBe('pushed');

    // After the work, renewals stop: the claim ages again.
    clock.advance(61_000);
    expect((await store.claimStale(60_000, 'finisher')).map(r => r.id)).toEqual(
      [record.id],
    );
  });

  it('reports a lost claim once and still lets the work finish; errors pass through', async () => {
    const knex = await databases.init(id);
    await migrateActionRecords(knex);
    const store = new ActionRecordStore(knex);
    const { record } = await store.createOrGetOpen({
      entityRef: 'component:default/storefront',
      deploymentId: 'prod/argocd/argocd-application/storefront',
      type: 'sync',
      reason: '',
      requestedBy: 'user:default/alice',
      claimedBy: 'someone-else',
    });
    let lost = 0;
    await expect(
      withClaimRenewal(
        store,
        record.id,
        'not-the-owner',
        async () => {
          await waitFor('the loss reported', async () => lost > 0, {
            timeoutMs: 10_000,
          });
          throw new Error('push refused');
        },
        { everyMs: 10, onLost: () => lost++ },
      ),
    ).rejects.toThrow('push refused');
    expect(lost).toBe(1);
  });
});
