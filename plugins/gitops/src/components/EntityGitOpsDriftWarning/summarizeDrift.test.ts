import {
  deployment,
  deploymentIn,
  HOUR_AGO,
  NOW,
} from '../../__testUtils__/fixtures';
import { summarizeDrift } from './summarizeDrift';

describe('summarizeDrift', () => {
  it.each(['in-sync', 'behind', 'suspended'] as const)(
    'leaves out a deployment that is %s',
    state => {
      expect(summarizeDrift([deploymentIn(state)])).toEqual([]);
    },
  );

  it('says where, since when and why a deployment fails', () => {
    expect(summarizeDrift([deploymentIn('failing')])).toEqual([
      {
        id: expect.any(String),
        environment: 'production',
        cluster: 'demo-production',
        state: 'failing',
        since: { at: HOUR_AGO, kind: 'since' },
        why: 'Ready=False (UpgradeFailed): Helm upgrade failed',
      },
    ]);
  });

  it('names the drifted resources and dates live drift from the last sync', () => {
    const [summary] = summarizeDrift([
      deploymentIn('out-of-sync', { lastSyncedAt: HOUR_AGO }),
    ]);
    expect(summary.since).toEqual({ at: HOUR_AGO, kind: 'last-synced' });
    expect(summary.why).toBe(
      'live state differs from Git: 1 resource OutOfSync (Deployment catalog-search)',
    );
  });

  it('lists at most three resources', () => {
    const resources = ['a', 'b', 'c', 'd', 'e'].map(name => ({
      kind: 'ConfigMap',
      name,
    }));
    const d = deploymentIn('out-of-sync');
    const [summary] = summarizeDrift([
      { ...d, drift: { ...d.drift, resources } },
    ]);
    expect(summary.why).toMatch(
      /\(ConfigMap a, ConfigMap b, ConfigMap c, \+2 more\)$/,
    );
  });

  it('dates an unreachable cluster from when it was last seen', () => {
    const [summary] = summarizeDrift([deploymentIn('unknown')]);
    expect(summary.since).toEqual({ at: HOUR_AGO, kind: 'last-seen' });
    expect(summary.why).toMatch(/^cluster unreachable/);
  });

  it('uses the cluster for a deployment without environment, most serious first', () => {
    const summaries = summarizeDrift([
      deploymentIn('unknown', { environment: undefined, cluster: 'edge-1' }),
      deploymentIn('out-of-sync', { environment: 'staging' }),
      deployment(),
      deploymentIn('failing', { lastSyncedAt: NOW }),
    ]);
    expect(summaries.map(s => [s.environment, s.state])).toEqual([
      ['production', 'failing'],
      ['staging', 'out-of-sync'],
      ['edge-1', 'unknown'],
    ]);
  });
});
