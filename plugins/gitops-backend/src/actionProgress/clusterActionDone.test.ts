import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { clusterActionDone } from './clusterActionDone';

/** The fields the rules read; the rest of a Deployment does not matter here. */
const deployment = (fields: Partial<Deployment>) =>
  ({ suspended: false, ...fields } as Deployment);

const applied = {
  createdAt: '2026-12-02T01:00:00.400Z',
  updatedAt: '2026-12-02T01:00:01.200Z',
};

describe('clusterActionDone', () => {
  it('says suspend and resume are done when the view shows the suspension state', () => {
    const suspended = deployment({ suspended: true });
    const running = deployment({ suspended: false });
    expect(clusterActionDone({ ...applied, type: 'suspend' }, suspended)).toBe(
      true,
    );
    expect(clusterActionDone({ ...applied, type: 'suspend' }, running)).toBe(
      false,
    );
    expect(clusterActionDone({ ...applied, type: 'resume' }, running)).toBe(
      true,
    );
    expect(clusterActionDone({ ...applied, type: 'resume' }, suspended)).toBe(
      false,
    );
  });

  it('says a sync is done when the last sync finished in or after the second it was asked for', () => {
    const sync = { ...applied, type: 'sync' as const };
    expect(clusterActionDone(sync, deployment({}))).toBe(false);
    expect(
      clusterActionDone(
        sync,
        deployment({ lastSyncedAt: '2026-12-02T00:59:59Z' }),
      ),
    ).toBe(false);
    // Argo CD writes whole seconds: a sync finished in the same second counts.
    expect(
      clusterActionDone(
        sync,
        deployment({ lastSyncedAt: '2026-12-02T01:00:00Z' }),
      ),
    ).toBe(true);
    expect(
      clusterActionDone(
        sync,
        deployment({ lastSyncedAt: '2026-12-02T01:00:05Z' }),
      ),
    ).toBe(true);
  });

  it('says refresh and reconcile are done once the watch reported after the patch', () => {
    for (const type of ['refresh', 'reconcile'] as const) {
      const action = { ...applied, type };
      expect(
        clusterActionDone(
          action,
          deployment({ lastSeenAt: '2026-12-02T01:00:01.100Z' }),
        ),
      ).toBe(false);
      expect(
        clusterActionDone(
          action,
          deployment({ lastSeenAt: '2026-12-02T01:00:01.300Z' }),
        ),
      ).toBe(true);
    }
  });

  it('never decides Git actions', () => {
    const everything = deployment({
      suspended: true,
      lastSyncedAt: '2030-01-01T00:00:00Z',
      lastSeenAt: '2030-01-01T00:00:00Z',
    });
    for (const type of ['rollback', 'revert-commit'] as const) {
      expect(clusterActionDone({ ...applied, type }, everything)).toBe(false);
    }
  });
});
