import type { KubeObject } from '@gitops-console/testkit';
import type { SeededRepository } from './gitSeed';
import type { BenchCluster, BenchDeployment } from './shape';

/*
 * The custom resources of the fleet, with the status their controllers
 * would have written: most deployments synced to the head of their branch,
 * some behind, failing, drifted or suspended, so the fleet's filters and
 * drift states have realistic counts.
 */

export type DeploymentState =
  | 'in-sync'
  | 'behind'
  | 'degraded'
  | 'progressing'
  | 'drifted'
  | 'suspended';

const ARGO_STATES: Array<[DeploymentState, number]> = [
  ['in-sync', 0.78],
  ['behind', 0.1],
  ['degraded', 0.05],
  ['progressing', 0.04],
  ['drifted', 0.03],
];
const FLUX_STATES: Array<[DeploymentState, number]> = [
  ['in-sync', 0.85],
  ['degraded', 0.08],
  ['suspended', 0.07],
];

/** Deterministic: the same deployment always gets the same state. */
export function stateOf(d: BenchDeployment, index: number): DeploymentState {
  const table = d.tool === 'argo' ? ARGO_STATES : FLUX_STATES;
  // A low-discrepancy walk over [0, 1): states stay evenly spread.
  const u = (index * 0.6180339887) % 1;
  let acc = 0;
  for (const [state, share] of table) {
    acc += share;
    if (u < acc) return state;
  }
  return 'in-sync';
}

export const GITHUB_HOST = 'github.bench.test';

/** The URL a custom resource names for a repository. */
export function repoUrlOf(d: BenchDeployment, gitServerUrl: string): string {
  return d.repository.github
    ? `https://${GITHUB_HOST}/${d.repository.fullName}`
    : `${gitServerUrl}/${d.repository.fullName}.git`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export const fluxRevision = (sha: string) => `main@sha1:${sha}`;

/** What the custom resource says is deployed, given its state. */
export function deployedCommit(
  state: DeploymentState,
  commits: string[],
  head: string,
): string {
  if (state === 'behind' || state === 'suspended' || state === 'degraded') {
    // An older commit of its own path: the newer ones are pending.
    return commits.length >= 2 ? commits[commits.length - 2] : commits[0];
  }
  return head;
}

export function argoApplication(
  d: BenchDeployment,
  state: DeploymentState,
  repo: SeededRepository,
  gitServerUrl: string,
  now: number,
): KubeObject {
  const commits = repo.pathCommits.get(d.path)!;
  const deployed = deployedCommit(state, commits, repo.head);
  const source = {
    repoURL: repoUrlOf(d, gitServerUrl),
    path: d.path,
    targetRevision: 'main',
  };
  const historyRevisions = [
    ...commits.slice(-10).filter(sha => sha !== deployed),
    deployed,
  ].slice(-10);
  const syncedAt = now - 3600_000 - (d.service.index % 50) * 60_000;
  const history = historyRevisions.map((revision, i) => ({
    id: i,
    revision,
    deployStartedAt: iso(syncedAt - (historyRevisions.length - i) * 86_400_000),
    deployedAt: iso(
      syncedAt - (historyRevisions.length - i) * 86_400_000 + 15_000,
    ),
    source,
    initiatedBy: { automated: true },
  }));
  const HEALTH: Partial<Record<DeploymentState, string>> = {
    degraded: 'Degraded',
    progressing: 'Progressing',
  };
  const health = HEALTH[state] ?? 'Healthy';
  const outOfSync = state === 'behind' || state === 'drifted';
  const automated = state !== 'behind' && state !== 'drifted';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: d.name,
      namespace: d.cluster.namespace,
      labels: labelsOf(d),
    },
    spec: {
      project: d.service.team,
      source,
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: d.service.name,
      },
      syncPolicy: automated
        ? { automated: { prune: true, selfHeal: true } }
        : { syncOptions: ['CreateNamespace=true'] },
    },
    status: {
      sync: {
        status: outOfSync ? 'OutOfSync' : 'Synced',
        revision: outOfSync ? repo.head : deployed,
        comparedTo: {
          source,
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: d.service.name,
          },
        },
      },
      health: {
        status: health,
        ...(health === 'Degraded' && {
          message: `Deployment "${d.service.name}" exceeded its progress deadline`,
        }),
        lastTransitionTime: iso(syncedAt + 60_000),
      },
      operationState: {
        operation: {
          sync: { revision: deployed, syncStrategy: { hook: {} } },
          initiatedBy: { automated: true },
          retry: {},
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        syncResult: {
          revision: deployed,
          source,
          resources: [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: d.service.name,
              name: d.service.name,
              status: 'Synced',
              message: `deployment.apps/${d.service.name} configured`,
              hookPhase: 'Running',
              syncPhase: 'Sync',
            },
          ],
        },
        startedAt: iso(syncedAt),
        finishedAt: iso(syncedAt + 15_000),
      },
      history,
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: d.service.name,
          name: d.service.name,
          status: outOfSync ? 'OutOfSync' : 'Synced',
          health: { status: health },
        },
        {
          version: 'v1',
          kind: 'Service',
          namespace: d.service.name,
          name: d.service.name,
          status: 'Synced',
          health: { status: 'Healthy' },
        },
      ],
      reconciledAt: iso(now - 60_000),
      sourceType: 'Directory',
      summary: {
        images: [`registry.example.com/${d.service.team}/${d.service.name}`],
      },
    },
  };
}

function labelsOf(d: BenchDeployment) {
  return {
    'backstage.io/kubernetes-id': d.service.name,
    'app.kubernetes.io/name': d.service.name,
    team: d.service.team,
    environment: d.cluster.environment,
  };
}

export const FLUX_SOURCE_NAME = 'flux-fleet';

export function fluxGitRepository(
  cluster: BenchCluster,
  url: string,
  head: string,
  now: number,
): KubeObject {
  const revision = fluxRevision(head);
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: FLUX_SOURCE_NAME, namespace: cluster.namespace },
    spec: { interval: '1m', url, ref: { branch: 'main' } },
    status: {
      observedGeneration: 1,
      artifact: {
        digest: `sha256:${head.padEnd(64, '0')}`,
        lastUpdateTime: iso(now - 120_000),
        path: `gitrepository/${cluster.namespace}/${FLUX_SOURCE_NAME}/${head}.tar.gz`,
        revision,
        size: 40960,
        url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/${cluster.namespace}/${FLUX_SOURCE_NAME}/${head}.tar.gz`,
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Succeeded',
          message: `stored artifact for revision '${revision}'`,
          lastTransitionTime: iso(now - 120_000),
          observedGeneration: 1,
        },
      ],
    },
  };
}

export function fluxKustomization(
  d: BenchDeployment,
  state: DeploymentState,
  repo: SeededRepository,
  now: number,
): KubeObject {
  const commits = repo.pathCommits.get(d.path)!;
  const applied = deployedCommit(state, commits, repo.head);
  const at = iso(now - 300_000 - (d.service.index % 50) * 60_000);
  const ready =
    state === 'degraded'
      ? {
          type: 'Ready',
          status: 'False',
          reason: 'ReconciliationFailed',
          message: `Deployment/${d.service.name}/${d.service.name} dry-run failed: spec.replicas: Invalid value: -1`,
          lastTransitionTime: at,
          observedGeneration: 1,
        }
      : {
          type: 'Ready',
          status: 'True',
          reason: 'ReconciliationSucceeded',
          message: `Applied revision: ${fluxRevision(applied)}`,
          lastTransitionTime: at,
          observedGeneration: 1,
        };
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: d.name,
      namespace: d.cluster.namespace,
      labels: labelsOf(d),
    },
    spec: {
      interval: '10m',
      path: `./${d.path}`,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: FLUX_SOURCE_NAME },
      targetNamespace: d.service.name,
      ...(state === 'suspended' && { suspend: true }),
    },
    status: {
      observedGeneration: 1,
      lastAppliedRevision: fluxRevision(applied),
      lastAttemptedRevision: fluxRevision(repo.head),
      conditions: [ready],
      inventory: {
        entries: [
          {
            id: `${d.service.name}_${d.service.name}_apps_Deployment`,
            v: 'v1',
          },
        ],
      },
    },
  };
}
