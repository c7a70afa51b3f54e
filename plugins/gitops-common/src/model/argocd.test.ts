import {
  argoAutoSync,
  argoDeployedRevisions,
  argoHealth,
  argoHistory,
  argoSyncFacts,
} from './argocd';
import { classifyDrift, type ClusterFacts, type GitFacts } from './drift';
import {
  SHA_A,
  SHA_B,
  SHA_C,
  argoApp,
  commit,
  syncedApp,
} from './testFixtures';

const upToDate: GitFacts = { pendingCommits: [], deployedOnBranch: true };
const reachable: ClusterFacts = { reachable: true, observed: true };

function classify(
  app = argoApp(syncedApp()),
  git = upToDate,
  cluster = reachable,
) {
  return classifyDrift({ sync: argoSyncFacts(app), git, cluster });
}

describe('Argo CD drift classification', () => {
  it.each([
    ['Synced/Healthy', argoApp(syncedApp()), upToDate, 'in-sync', []],
    [
      'Synced but health Progressing is still in sync (health shown apart)',
      argoApp({ ...syncedApp(), health: { status: 'Progressing' } }),
      upToDate,
      'in-sync',
      [],
    ],
    [
      'OutOfSync with no pending commit: live drift',
      argoApp({
        ...syncedApp(),
        sync: { status: 'OutOfSync', revision: SHA_A },
        resources: [
          {
            kind: 'Deployment',
            namespace: 'shop',
            name: 'inventory',
            status: 'OutOfSync',
            health: { status: 'Healthy' },
          },
          {
            kind: 'Service',
            namespace: 'shop',
            name: 'inventory',
            status: 'Synced',
          },
        ],
      }),
      upToDate,
      'out-of-sync',
      ['out-of-sync'],
    ],
    [
      'OutOfSync explained by pending commits: behind',
      argoApp({
        ...syncedApp(),
        sync: { status: 'OutOfSync', revision: SHA_C },
      }),
      {
        pendingCommits: [commit(SHA_C), commit(SHA_B)],
        deployedOnBranch: true,
        path: 'apps/inventory',
      },
      'behind',
      ['pending-commits'],
    ],
    [
      'failed operation',
      argoApp({
        ...syncedApp(),
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          finishedAt: '2026-11-21T09:00:00Z',
        },
      }),
      upToDate,
      'failing',
      ['operation-failed'],
    ],
    [
      'operation Error',
      argoApp({
        ...syncedApp(),
        operationState: { phase: 'Error', message: 'rpc error' },
      }),
      upToDate,
      'failing',
      ['operation-failed'],
    ],
    [
      'health Degraded',
      argoApp({
        ...syncedApp(),
        health: { status: 'Degraded', message: 'CrashLoopBackOff' },
      }),
      upToDate,
      'failing',
      ['degraded'],
    ],
    [
      'ComparisonError condition',
      argoApp({
        ...syncedApp(),
        conditions: [
          { type: 'ComparisonError', message: 'kustomize build failed' },
        ],
      }),
      upToDate,
      'failing',
      ['comparison-error'],
    ],
    [
      'SyncError condition',
      argoApp({
        ...syncedApp(),
        conditions: [{ type: 'SyncError', message: 'hook failed' }],
      }),
      upToDate,
      'failing',
      ['sync-error'],
    ],
    [
      'running with retries is failing',
      argoApp({
        ...syncedApp(),
        operationState: {
          phase: 'Running',
          retryCount: 2,
          message: 'Failed to sync: quota exceeded',
        },
      }),
      upToDate,
      'failing',
      ['retrying'],
    ],
    [
      'running, blocked by a sync window, is behind',
      argoApp({
        ...syncedApp(),
        operationState: {
          phase: 'Running',
          message: 'Sync operation blocked by sync window',
        },
      }),
      upToDate,
      'behind',
      ['sync-window'],
    ],
    [
      'terminating is behind',
      argoApp({ ...syncedApp(), operationState: { phase: 'Terminating' } }),
      upToDate,
      'behind',
      ['terminating'],
    ],
    [
      'a sync in progress is behind with syncing',
      argoApp({
        ...syncedApp(),
        operationState: {
          phase: 'Running',
          message: 'waiting for healthy state',
        },
      }),
      { pendingCommits: [commit(SHA_B)], deployedOnBranch: true },
      'behind',
      ['pending-commits', 'syncing'],
    ],
    [
      'never deployed',
      argoApp({
        sync: { status: 'OutOfSync', revision: SHA_B },
        health: { status: 'Missing' },
      }),
      {
        pendingCommits: [commit(SHA_B), commit(SHA_A)],
        deployedOnBranch: true,
      },
      'behind',
      ['never-deployed', 'pending-commits'],
    ],
    [
      'never deployed but the latest attempt failed: failing wins',
      argoApp({
        sync: { status: 'OutOfSync' },
        operationState: { phase: 'Failed', message: 'invalid manifest' },
      }),
      { pendingCommits: [commit(SHA_A)], deployedOnBranch: true },
      'failing',
      ['operation-failed'],
    ],
    [
      'deployed revision not on the branch (force-push)',
      argoApp(syncedApp(SHA_A)),
      { pendingCommits: [commit(SHA_C)], deployedOnBranch: false },
      'behind',
      ['not-on-branch', 'pending-commits'],
    ],
  ])('%s → %s', (_name, app, git, state, codes) => {
    const drift = classify(app, git as GitFacts);
    expect(drift.state).toBe(state);
    expect(drift.reasons.map(r => r.code)).toEqual(codes);
  });

  it('lists only the OutOfSync resources', () => {
    const drift = classify(
      argoApp({
        ...syncedApp(),
        sync: { status: 'OutOfSync', revision: SHA_A },
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'inventory',
            status: 'OutOfSync',
            health: { status: 'Healthy' },
          },
          {
            kind: 'ConfigMap',
            namespace: 'shop',
            name: 'inventory-config',
            status: 'OutOfSync',
          },
          {
            kind: 'Service',
            namespace: 'shop',
            name: 'inventory',
            status: 'Synced',
          },
        ],
      }),
    );
    expect(drift.resources).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'inventory',
        status: 'OutOfSync',
        health: 'Healthy',
      },
      {
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'inventory-config',
        status: 'OutOfSync',
      },
    ]);
    expect(drift.reasons[0].message).toBe(
      'live state differs from Git: 2 resources OutOfSync',
    );
  });

  it('adds that Git changed outside the path when Argo compared a newer revision', () => {
    const drift = classify(
      argoApp({
        ...syncedApp(SHA_A),
        sync: { status: 'OutOfSync', revision: SHA_C },
      }),
      { pendingCommits: [], deployedOnBranch: true, changedOutsidePath: true },
    );
    expect(drift.state).toBe('out-of-sync');
    expect(drift.reasons.map(r => r.code)).toEqual([
      'out-of-sync',
      'changed-outside-path',
    ]);
  });

  it('says retrying with the attempt and the message', () => {
    const drift = classify(
      argoApp({
        ...syncedApp(),
        operationState: {
          phase: 'Running',
          retryCount: 3,
          message: 'quota exceeded',
        },
      }),
    );
    expect(drift.reasons[0].message).toBe(
      'retrying (attempt 3): quota exceeded',
    );
  });

  it('is unknown with the cluster error and last-seen time when unreachable', () => {
    const drift = classify(argoApp(syncedApp()), upToDate, {
      reachable: false,
      observed: true,
      error: 'connect ECONNREFUSED 10.0.0.1:6443',
      lastSeenAt: '2026-11-26T08:00:00Z',
    });
    expect(drift).toEqual({
      state: 'unknown',
      reasons: [
        {
          code: 'cluster-unreachable',
          message:
            'cluster unreachable: connect ECONNREFUSED 10.0.0.1:6443; showing the last known state',
          since: '2026-11-26T08:00:00Z',
        },
      ],
      resources: [],
    });
  });

  it('is unknown when the CR was not observed yet', () => {
    expect(
      classify(argoApp(syncedApp()), upToDate, {
        reachable: true,
        observed: false,
      }).state,
    ).toBe('unknown');
  });
});

describe('argoDeployedRevisions', () => {
  it('takes the succeeded operation result', () => {
    expect(argoDeployedRevisions(argoApp(syncedApp(SHA_B)))).toEqual({
      revisions: [SHA_B],
      deployedAt: '2026-11-20T10:01:05Z',
    });
  });

  it.each([
    ['a dry run', { dryRun: true }],
    [
      'a sync of selected resources',
      { resources: [{ kind: 'Deployment', name: 'x' }] },
    ],
  ])('ignores %s and takes the newest history entry', (_name, sync) => {
    const app = argoApp({
      sync: { status: 'OutOfSync', revision: SHA_C },
      operationState: {
        phase: 'Succeeded',
        operation: { sync },
        syncResult: { revision: SHA_C },
      },
      history: [
        { id: 1, revision: SHA_A, deployedAt: '2026-11-19T00:00:00Z' },
        { id: 2, revision: SHA_B, deployedAt: '2026-11-20T00:00:00Z' },
      ],
    });
    expect(argoDeployedRevisions(app)).toEqual({
      revisions: [SHA_B],
      deployedAt: '2026-11-20T00:00:00Z',
    });
  });

  it('takes the newest history entry when the last operation failed', () => {
    const app = argoApp({
      sync: { status: 'OutOfSync', revision: SHA_C },
      operationState: { phase: 'Failed', syncResult: { revision: SHA_C } },
      history: [{ id: 7, revision: SHA_B, deployedAt: '2026-11-20T00:00:00Z' }],
    });
    expect(argoDeployedRevisions(app)?.revisions).toEqual([SHA_B]);
  });

  it('falls back to the sync revision only when Synced', () => {
    expect(
      argoDeployedRevisions(
        argoApp({ sync: { status: 'Synced', revision: SHA_A } }),
      )?.revisions,
    ).toEqual([SHA_A]);
    expect(
      argoDeployedRevisions(
        argoApp({ sync: { status: 'OutOfSync', revision: SHA_A } }),
      ),
    ).toBeUndefined();
  });

  it('keeps one revision per source for multi-source apps', () => {
    const app = argoApp({
      operationState: {
        phase: 'Succeeded',
        syncResult: { revisions: [SHA_A, '1.4.2'] },
      },
    });
    expect(argoDeployedRevisions(app)?.revisions).toEqual([SHA_A, '1.4.2']);
  });
});

describe('argoHistory, argoHealth, argoAutoSync', () => {
  it('orders history newest first', () => {
    const app = argoApp({
      history: [
        { id: 1, revision: SHA_A, deployedAt: '2026-11-18T00:00:00Z' },
        {
          id: 3,
          revision: SHA_C,
          deployedAt: '2026-11-20T00:00:00Z',
          initiatedBy: { username: 'alice' },
        },
        {
          id: 2,
          revision: SHA_B,
          deployedAt: '2026-11-19T00:00:00Z',
          initiatedBy: { automated: true },
        },
      ],
    });
    expect(argoHistory(app).map(h => h.revisions[0])).toEqual([
      SHA_C,
      SHA_B,
      SHA_A,
    ]);
    expect(argoHistory(app)[0].initiatedBy).toEqual({ username: 'alice' });
  });

  it('reports health as Argo CD does, Unknown otherwise', () => {
    expect(argoHealth(argoApp({ health: { status: 'Missing' } }))).toBe(
      'Missing',
    );
    expect(argoHealth(argoApp({ health: { status: 'Weird' } }))).toBe(
      'Unknown',
    );
    expect(argoHealth(argoApp(undefined))).toBe('Unknown');
  });

  it('reads automated sync, honouring enabled: false', () => {
    expect(
      argoAutoSync(
        argoApp(
          {},
          { syncPolicy: { automated: { prune: true, selfHeal: true } } },
        ),
      ),
    ).toEqual({
      enabled: true,
      prune: true,
      selfHeal: true,
    });
    expect(
      argoAutoSync(
        argoApp({}, { syncPolicy: { automated: { enabled: false } } }),
      ).enabled,
    ).toBe(false);
    expect(argoAutoSync(argoApp({}, {})).enabled).toBe(false);
  });
});
