import { classifyDrift, type GitFacts } from './drift';
import {
  fluxHealth,
  helmReleaseDeployed,
  helmReleaseSyncFacts,
  kustomizationSyncFacts,
} from './flux';
import {
  SHA_A,
  SHA_B,
  commit,
  cond,
  helmRelease,
  kustomization,
} from './testFixtures';

const upToDate: GitFacts = { pendingCommits: [], deployedOnBranch: true };
const reachable = { reachable: true, observed: true };
const applied = (sha: string) => `main@sha1:${sha}`;
const readyKs = kustomization({
  conditions: [
    cond(
      'Ready',
      'True',
      'ReconciliationSucceeded',
      `Applied revision: ${applied(SHA_A)}`,
    ),
  ],
  lastAppliedRevision: applied(SHA_A),
  lastAttemptedRevision: applied(SHA_A),
});

describe('Flux Kustomization drift classification', () => {
  it.each([
    ['Ready=True at the branch head', readyKs, upToDate, 'in-sync', []],
    [
      'Ready=True with commits on the path not applied yet',
      readyKs,
      { pendingCommits: [commit(SHA_B)], deployedOnBranch: true },
      'behind',
      ['pending-commits'],
    ],
    [
      'Stalled=True',
      kustomization({
        conditions: [
          cond('Ready', 'False', 'BuildFailed', 'kustomize build failed'),
          cond('Stalled', 'True', 'BuildFailed', 'kustomize build failed'),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_B),
      }),
      upToDate,
      'failing',
      ['stalled', 'ready-false'],
    ],
    [
      'Ready=False with a failure reason',
      kustomization({
        conditions: [
          cond(
            'Ready',
            'False',
            'HealthCheckFailed',
            'Deployment/payments-api not ready',
          ),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_A),
      }),
      upToDate,
      'failing',
      ['ready-false'],
    ],
    [
      'Ready=False waiting on a dependency is behind, naming it',
      kustomization({
        conditions: [
          cond(
            'Ready',
            'False',
            'DependencyNotReady',
            "dependency 'flux-system/infra' is not ready",
          ),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_A),
      }),
      upToDate,
      'behind',
      ['dependency-not-ready'],
    ],
    [
      'ProgressingWithRetry on the applied revision is behind',
      kustomization({
        conditions: [
          cond('Ready', 'False', 'ProgressingWithRetry', 'retrying'),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_A),
      }),
      upToDate,
      'behind',
      ['syncing'],
    ],
    [
      'ProgressingWithRetry on a newer attempted revision is failing',
      kustomization({
        conditions: [
          cond('Ready', 'False', 'ProgressingWithRetry', 'retrying'),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_B),
      }),
      upToDate,
      'failing',
      ['ready-false'],
    ],
    [
      'Reconciling=True (a sync in progress) is behind with syncing',
      kustomization({
        conditions: [
          cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress'),
          cond('Reconciling', 'True', 'Progressing'),
        ],
        lastAppliedRevision: applied(SHA_A),
        lastAttemptedRevision: applied(SHA_B),
      }),
      { pendingCommits: [commit(SHA_B)], deployedOnBranch: true },
      'behind',
      ['pending-commits', 'syncing'],
    ],
    [
      'suspended wins over everything but unknown',
      kustomization(
        {
          conditions: [cond('Ready', 'False', 'BuildFailed', 'x')],
          lastAppliedRevision: applied(SHA_A),
        },
        { suspend: true },
      ),
      { pendingCommits: [commit(SHA_B)], deployedOnBranch: true },
      'suspended',
      ['suspended'],
    ],
    [
      'never applied',
      kustomization({ conditions: [cond('Ready', 'Unknown', 'Progressing')] }),
      { pendingCommits: [commit(SHA_A)], deployedOnBranch: true },
      'behind',
      ['never-deployed', 'pending-commits', 'syncing'],
    ],
  ])('%s → %s', (_name, ks, git, state, codes) => {
    const drift = classifyDrift({
      sync: kustomizationSyncFacts(ks),
      git: git as GitFacts,
      cluster: reachable,
    });
    expect(drift.state).toBe(state);
    expect(drift.reasons.map(r => r.code)).toEqual(codes);
  });

  it('is never out-of-sync: Flux corrects drift on every reconcile', () => {
    expect(kustomizationSyncFacts(readyKs).liveDrift).toBeUndefined();
  });

  it('carries the condition message as evidence', () => {
    const drift = classifyDrift({
      sync: kustomizationSyncFacts(
        kustomization({
          conditions: [
            cond(
              'Ready',
              'False',
              'HealthCheckFailed',
              'timeout waiting for Deployment/payments-api',
            ),
          ],
        }),
      ),
      git: upToDate,
      cluster: reachable,
    });
    expect(drift.reasons[0]).toEqual({
      code: 'ready-false',
      message:
        'Ready=False (HealthCheckFailed): timeout waiting for Deployment/payments-api',
      since: '2026-11-20T10:00:00Z',
    });
  });

  it('is behind when the OCI source has a newer digest', () => {
    const ks = kustomization({
      conditions: [cond('Ready', 'True', 'ReconciliationSucceeded')],
      lastAppliedRevision: `latest@sha256:${'1'.repeat(64)}`,
    });
    const newer = classifyDrift({
      sync: kustomizationSyncFacts(ks, {
        desiredArtifact: `latest@sha256:${'2'.repeat(64)}`,
      }),
      git: upToDate,
      cluster: reachable,
    });
    expect(newer.state).toBe('behind');
    expect(newer.reasons.map(r => r.code)).toEqual(['newer-artifact']);
    const same = classifyDrift({
      sync: kustomizationSyncFacts(ks, {
        desiredArtifact: `sha256:${'1'.repeat(64)}`,
      }),
      git: upToDate,
      cluster: reachable,
    });
    expect(same.state).toBe('in-sync');
  });

  it('is unknown when the cluster is unreachable, even if suspended', () => {
    const drift = classifyDrift({
      sync: kustomizationSyncFacts(kustomization({}, { suspend: true })),
      git: upToDate,
      cluster: { reachable: false, observed: true, error: '403 Forbidden' },
    });
    expect(drift.state).toBe('unknown');
  });
});

const deployedSnapshot = {
  chartName: 'notifications',
  chartVersion: '1.4.2',
  appVersion: '3.1.0',
  digest: `sha256:${'d'.repeat(64)}`,
  status: 'deployed',
  lastDeployed: '2026-11-19T12:00:00Z',
  version: 4,
};

describe('Flux HelmRelease drift classification', () => {
  it.each([
    [
      'Ready=True on the deployed chart',
      helmRelease({
        conditions: [cond('Ready', 'True', 'UpgradeSucceeded')],
        history: [deployedSnapshot],
        lastAttemptedRevision: '1.4.2',
      }),
      'in-sync',
      [],
    ],
    [
      'upgrade failed',
      helmRelease({
        conditions: [
          cond(
            'Ready',
            'False',
            'UpgradeFailed',
            'Helm upgrade failed: timed out waiting for the condition',
          ),
        ],
        history: [
          {
            ...deployedSnapshot,
            chartVersion: '1.5.0',
            status: 'failed',
            version: 5,
          },
          deployedSnapshot,
        ],
        lastAttemptedRevision: '1.5.0',
      }),
      'failing',
      ['ready-false'],
    ],
    [
      'install failed and never deployed: failing wins',
      helmRelease({
        conditions: [
          cond(
            'Ready',
            'False',
            'InstallFailed',
            'chart requires kubeVersion >=1.30',
          ),
        ],
        history: [{ ...deployedSnapshot, status: 'failed' }],
      }),
      'failing',
      ['ready-false'],
    ],
    [
      'drift detected',
      helmRelease({
        conditions: [
          cond('Ready', 'True', 'UpgradeSucceeded'),
          cond(
            'Drifted',
            'True',
            'DriftDetected',
            'Deployment/notifications replicas changed',
          ),
        ],
        history: [deployedSnapshot],
        lastAttemptedRevision: '1.4.2',
      }),
      'out-of-sync',
      ['helm-drifted'],
    ],
    [
      'an upgrade in progress is behind with syncing',
      helmRelease({
        conditions: [
          cond('Ready', 'Unknown', 'Progressing', 'Running upgrade action'),
          cond('Reconciling', 'True', 'Progressing'),
        ],
        history: [deployedSnapshot],
        lastAttemptedRevision: '1.5.0',
      }),
      'behind',
      ['newer-chart', 'syncing'],
    ],
    [
      'suspended',
      helmRelease(
        {
          conditions: [cond('Ready', 'True', 'UpgradeSucceeded')],
          history: [deployedSnapshot],
        },
        { suspend: true },
      ),
      'suspended',
      ['suspended'],
    ],
  ])('%s → %s', (_name, hr, state, codes) => {
    const drift = classifyDrift({
      sync: helmReleaseSyncFacts(hr),
      git: upToDate,
      cluster: reachable,
    });
    expect(drift.state).toBe(state);
    expect(drift.reasons.map(r => r.code)).toEqual(codes);
  });

  it('takes the newest deployed snapshot as the deployed revision, with its digest', () => {
    const hr = helmRelease({
      history: [
        { ...deployedSnapshot, chartVersion: '1.5.0', status: 'failed' },
        deployedSnapshot,
        { ...deployedSnapshot, chartVersion: '1.3.0', status: 'superseded' },
      ],
    });
    expect(helmReleaseDeployed(hr)).toEqual(deployedSnapshot);
  });

  it('prefers the chart artifact version when given', () => {
    const hr = helmRelease({
      conditions: [cond('Ready', 'True', 'UpgradeSucceeded')],
      history: [deployedSnapshot],
      lastAttemptedRevision: '1.4.2',
    });
    expect(
      classifyDrift({
        sync: helmReleaseSyncFacts(hr, { desiredChartVersion: '1.6.0' }),
        git: upToDate,
        cluster: reachable,
      }).state,
    ).toBe('behind');
  });
});

describe('fluxHealth', () => {
  it.each([
    [
      'suspended',
      {
        spec: { suspend: true },
        status: { conditions: [cond('Ready', 'True')] },
      },
      'Suspended',
    ],
    [
      'Stalled=True',
      {
        status: {
          conditions: [cond('Ready', 'True'), cond('Stalled', 'True')],
        },
      },
      'Degraded',
    ],
    [
      'Ready=True',
      { status: { conditions: [cond('Ready', 'True')] } },
      'Healthy',
    ],
    [
      'Ready=Unknown',
      { status: { conditions: [cond('Ready', 'Unknown')] } },
      'Progressing',
    ],
    [
      'Reconciling=True without Ready',
      { status: { conditions: [cond('Reconciling', 'True')] } },
      'Progressing',
    ],
    [
      'Reconciling=True with Ready=False',
      {
        status: {
          conditions: [cond('Reconciling', 'True'), cond('Ready', 'False')],
        },
      },
      'Degraded',
    ],
    [
      'Ready=False',
      { status: { conditions: [cond('Ready', 'False')] } },
      'Degraded',
    ],
    ['no conditions', { status: {} }, 'Unknown'],
    ['no status', {}, 'Unknown'],
  ])('%s → %s', (_name, obj, health) => {
    expect(fluxHealth(obj as any)).toBe(health);
  });
});
