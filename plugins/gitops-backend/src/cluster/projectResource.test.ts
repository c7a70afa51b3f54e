import type {
  ArgoApplication,
  FluxHelmRelease,
  FluxKustomization,
} from '@gitops-console/plugin-gitops-common';
// The shared table-test shapes are not part of the package's API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  argoApp,
  cond,
  helmRelease,
  kustomization,
  syncedApp,
  SHA_A,
  SHA_B,
} from '@gitops-console/plugin-gitops-common/src/model/testFixtures';
import type { ClusterIndex } from './ClusterIndex';
import type { KubeObject } from './kubeObject';
import { projectionFor } from './projectResource';
import { WATCHED_KINDS, type WatchedKindId } from './watchedKinds';
import { buildRecorded } from './__testUtils__/buildRecorded';
import demoObjects from './__testUtils__/demoObjects.json';
import {
  realisticApplication,
  realisticFluxSource,
  realisticHelmRelease,
  realisticKustomization,
} from './__testUtils__/realisticResources';

const KIND_IDS: Record<string, WatchedKindId> = {
  Application: 'argocd-application',
  Kustomization: 'flux-kustomization',
  HelmRelease: 'flux-helmrelease',
  GitRepository: 'flux-gitrepository',
  OCIRepository: 'flux-ocirepository',
};

interface Case {
  name: string;
  cluster: string;
  kind: WatchedKindId;
  object: KubeObject;
}

const fixture = (
  name: string,
  kind: WatchedKindId,
  object: ArgoApplication | FluxKustomization | FluxHelmRelease,
): Case => ({ name, cluster: 'fixtures', kind, object: object as KubeObject });

/** The table-test shapes of gitops-common, covering each rule's inputs. */
const FIXTURES: Case[] = [
  fixture('synced app', 'argocd-application', argoApp(syncedApp())),
  fixture(
    'out-of-sync app with drifted resources',
    'argocd-application',
    argoApp({
      ...syncedApp(),
      sync: { status: 'OutOfSync', revision: SHA_B },
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'inventory',
          name: 'inventory',
          status: 'OutOfSync',
          health: { status: 'Progressing' },
        },
        { kind: 'ConfigMap', name: 'inventory-config', status: 'Synced' },
      ],
      conditions: [
        {
          type: 'ComparisonError',
          message: 'cannot render',
          lastTransitionTime: '2026-11-20T10:00:00Z',
        },
      ],
    }),
  ),
  fixture(
    'partial sync, retrying',
    'argocd-application',
    argoApp({
      ...syncedApp(),
      health: { status: 'Degraded', message: 'pod crash-looping' },
      operationState: {
        phase: 'Running',
        message: 'retrying: one or more objects failed',
        retryCount: 2,
        startedAt: '2026-11-20T10:05:00Z',
        operation: {
          sync: { resources: [{ kind: 'Deployment', name: 'inventory' }] },
          initiatedBy: { username: 'alice' },
        },
      },
    }),
  ),
  fixture(
    'dry run, manual sync policy',
    'argocd-application',
    argoApp(
      {
        ...syncedApp(SHA_B),
        operationState: {
          phase: 'Succeeded',
          finishedAt: '2026-11-20T10:09:00Z',
          operation: { sync: { dryRun: true } },
          syncResult: { revision: SHA_B },
        },
      },
      { syncPolicy: { automated: { enabled: false, prune: true } } },
    ),
  ),
  fixture(
    'multi-source with a Helm chart and a ref source',
    'argocd-application',
    argoApp(
      {
        sync: { status: 'Synced', revisions: [SHA_A, '1.2.0', SHA_B] },
        health: { status: 'Healthy' },
        history: [
          {
            id: 3,
            revisions: [SHA_A, '1.2.0', SHA_B],
            deployedAt: '2026-11-20T10:01:05Z',
            initiatedBy: { automated: true },
          },
        ],
      },
      {
        source: undefined,
        sources: [
          {
            repoURL: 'https://git.example.com/acme/deploy',
            path: 'apps/inventory',
            targetRevision: 'main',
          },
          {
            repoURL: 'https://charts.example.com',
            chart: 'redis',
            targetRevision: '1.2.0',
          },
          {
            repoURL: 'https://git.example.com/acme/values',
            targetRevision: 'main',
            ref: 'values',
          },
        ],
      },
    ),
  ),
  fixture(
    'ready Kustomization',
    'flux-kustomization',
    kustomization({
      conditions: [cond('Ready', 'True', 'ReconciliationSucceeded')],
      lastAppliedRevision: `main@sha1:${SHA_A}`,
      lastAttemptedRevision: `main@sha1:${SHA_B}`,
    }),
  ),
  fixture(
    'stalled, suspended Kustomization',
    'flux-kustomization',
    kustomization(
      {
        conditions: [
          cond('Stalled', 'True', 'BuildFailed', 'kustomize build failed'),
          cond('Ready', 'False', 'BuildFailed'),
        ],
      },
      { suspend: true },
    ),
  ),
  fixture(
    'HelmRelease with history, drifted',
    'flux-helmrelease',
    helmRelease({
      conditions: [
        cond('Ready', 'True', 'UpgradeSucceeded'),
        cond('Drifted', 'True', 'DriftDetected', '2 objects changed'),
      ],
      lastAttemptedRevision: '1.5.0',
      history: [
        {
          chartName: 'notifications',
          chartVersion: '1.5.0',
          status: 'failed',
          digest: 'sha256:1',
          lastDeployed: '2026-11-21T10:00:00Z',
        },
        {
          chartName: 'notifications',
          chartVersion: '1.4.2',
          appVersion: '0.9.3',
          status: 'deployed',
          version: 3,
          digest: 'sha256:2',
          firstDeployed: '2026-11-20T10:00:00Z',
          lastDeployed: '2026-11-20T10:00:00Z',
        },
      ],
    }),
  ),
];

/** The demo's objects, as its simulated controllers write them. */
const DEMO: Case[] = (
  demoObjects as Array<{ env: string; kind: string; object: KubeObject }>
).map(({ env, kind, object }) => ({
  name: `demo ${env} ${kind} ${object.metadata.name}`,
  cluster: `demo-${env}`,
  kind: KIND_IDS[kind],
  object,
}));

const realistic = (object: KubeObject): Case => ({
  name: `realistic ${object.kind} ${object.metadata.name}`,
  cluster: 'realistic',
  kind: KIND_IDS[object.kind!],
  object,
});

const REALISTIC: Case[] = [
  realistic(realisticApplication(1)),
  realistic(realisticApplication(2, { outOfSync: true })),
  realistic(realisticApplication(3, { multiSource: true })),
  realistic(realisticKustomization(1)),
  realistic(
    realisticKustomization(2, { kind: 'OCIRepository', name: 'fleet-oci' }),
  ),
  realistic(realisticHelmRelease(1)),
  realistic(realisticFluxSource('GitRepository', 'fleet')),
  realistic(realisticFluxSource('OCIRepository', 'fleet-oci')),
];

const ALL = [...FIXTURES, ...DEMO, ...REALISTIC];

const PROJECTIONS = new Map(WATCHED_KINDS.map(k => [k.id, projectionFor(k)]));
const project = (c: Case) => PROJECTIONS.get(c.kind)!(c.object);

/** What the builders look up in the index: Flux sources, by key. */
function lookup(cases: Case[], transform: (c: Case) => KubeObject) {
  const objects = new Map(
    cases.map(c => [
      `${c.cluster}/${c.kind}/${c.object.metadata.namespace}/${c.object.metadata.name}`,
      transform(c),
    ]),
  );
  return {
    get: (cluster: string, kind: string, namespace: string, name: string) =>
      objects.get(`${cluster}/${kind}/${namespace}/${name}`),
  } as unknown as ClusterIndex;
}

const build = (c: Case, object: KubeObject, index: ClusterIndex) =>
  buildRecorded({ cluster: c.cluster, kind: c.kind, object, index });

describe('projectionFor', () => {
  const deployments = ALL.filter(
    c => c.kind !== 'flux-gitrepository' && c.kind !== 'flux-ocirepository',
  );
  const whole = lookup(ALL, c => c.object);
  const projected = lookup(ALL, project);

  it.each(deployments.map(c => [c.name, c] as const))(
    'builds the same deployment from the projected %s',
    async (_name, c) => {
      const fromWhole = await build(c, c.object, whole);
      const fromProjected = await build(c, project(c), projected);
      expect(fromProjected.deployment).toEqual(fromWhole.deployment);
      // The same questions to Git: no source field was lost.
      expect(fromProjected.calls).toEqual(fromWhole.calls);
    },
  );

  it('finds the Flux sources the builders look up', async () => {
    // The gitops-common fixtures name sources that do not exist; the demo's
    // and the realistic ones come with theirs.
    const flux = deployments.filter(
      c => c.kind.startsWith('flux-') && c.cluster !== 'fixtures',
    );
    const missing: string[] = [];
    for (const c of flux) {
      const { deployment } = await build(c, project(c), projected);
      if (deployment.drift.reasons.some(r => r.code === 'source-not-found')) {
        missing.push(c.name);
      }
    }
    expect(flux.length).toBeGreaterThan(4);
    expect(missing).toEqual([]);
  });

  it('keeps the render inputs of Argo CD Helm sources', () => {
    const app = project(
      realistic(realisticApplication(3, { multiSource: true })),
    );
    expect(app.spec.sources[0].helm).toEqual({
      valueFiles: ['$values/values/common.yaml', '$values/production.yaml'],
    });
    expect(app.spec.sources[1]).toMatchObject({ ref: 'values' });
  });

  it('drops what no reader uses', () => {
    const app = project(realistic(realisticApplication(1)));
    expect(app.metadata).not.toHaveProperty('managedFields');
    expect(app.metadata).not.toHaveProperty('annotations');
    expect(app.status).not.toHaveProperty('summary');
    expect(app.status.operationState.syncResult).toEqual({
      revision: expect.any(String),
    });
    expect(Object.keys(app.status.history[0]).sort()).toEqual([
      'deployStartedAt',
      'deployedAt',
      'id',
      'initiatedBy',
      'revision',
    ]);
    expect(Object.keys(app.status.resources[0]).sort()).toEqual([
      'group',
      'health',
      'kind',
      'name',
      'namespace',
      'status',
    ]);
    const ks = project(realistic(realisticKustomization(1)));
    expect(ks.status).not.toHaveProperty('inventory');
    const hr = project(realistic(realisticHelmRelease(1)));
    expect(hr.spec).not.toHaveProperty('values');
  });

  it('keeps a realistic Application under 40% of its JSON size', () => {
    const full = JSON.stringify(realisticApplication(7)).length;
    const kept = JSON.stringify(
      project(realistic(realisticApplication(7))),
    ).length;
    expect(kept / full).toBeLessThan(0.4);
  });
});
