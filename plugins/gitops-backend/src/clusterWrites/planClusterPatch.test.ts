import type { KubeObject } from '../cluster/kubeObject';
import { ClusterActionConflictError, ClusterActionUnfitError } from './errors';
import {
  describeClusterAction,
  planClusterPatch,
  shortRevision,
} from './planClusterPatch';
import type { ClusterActionRequest } from './types';

const NOW = new Date('2026-12-02T01:02:03.456Z');
const SHA = 'abc1234def5678abc1234def5678abc1234def56';

function request(
  overrides: Partial<ClusterActionRequest>,
): ClusterActionRequest {
  return {
    cluster: 'prod',
    kind: 'Application',
    namespace: 'argocd',
    name: 'shop-prod',
    action: 'sync',
    username: 'user:default/alice',
    ...overrides,
  };
}

function object(kind: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'x/v1',
    kind,
    metadata: { namespace: 'apps', name: 'shop', resourceVersion: '42' },
    ...extra,
  } as KubeObject;
}

describe('describeClusterAction', () => {
  it.each([
    [
      'sets operation.sync on Application argocd/shop-prod (revision abc1234)',
      request({ revision: SHA }),
    ],
    [
      'sets operation.sync on Application argocd/shop-prod (its target revision)',
      request({}),
    ],
    [
      'sets annotation argocd.argoproj.io/refresh=normal on Application argocd/shop-prod',
      request({ action: 'refresh' }),
    ],
    [
      'sets annotation reconcile.fluxcd.io/requestedAt on Kustomization flux/shop-prod and on its source',
      request({
        kind: 'Kustomization',
        namespace: 'flux',
        action: 'reconcile',
      }),
    ],
    [
      'sets spec.suspend=true on HelmRelease argocd/shop-prod',
      request({ kind: 'HelmRelease', action: 'suspend' }),
    ],
    [
      'sets spec.suspend=false on Kustomization argocd/shop-prod',
      request({ kind: 'Kustomization', action: 'resume' }),
    ],
  ])('%s', (line, req) => {
    expect(describeClusterAction(req)).toBe(line);
  });

  it.each([
    [
      request({ kind: 'Kustomization', action: 'sync' }),
      /'sync' does not fit a Flux Kustomization; it takes 'reconcile', 'suspend', 'resume'/,
    ],
    [
      request({ action: 'reconcile' }),
      /'reconcile' does not fit an Argo CD Application; it takes 'sync', 'refresh'/,
    ],
    [
      request({ kind: 'HelmRelease', action: 'refresh' }),
      /'refresh' does not fit a Flux HelmRelease/,
    ],
    [
      request({ kind: 'Deployment' as any, action: 'sync' }),
      /Deployment is not a CD resource/,
    ],
  ])('refuses an unfit action %#', (req, message) => {
    expect(() => describeClusterAction(req)).toThrow(ClusterActionUnfitError);
    expect(() => describeClusterAction(req)).toThrow(message);
  });
});

describe('planClusterPatch', () => {
  it('syncs an Application to the revision asked, as the user, with its retry policy and a resourceVersion precondition', () => {
    const retry = { limit: 3, backoff: { duration: '5s' } };
    const plan = planClusterPatch(
      request({ revision: SHA }),
      object('Application', {
        spec: { source: { targetRevision: 'main' }, syncPolicy: { retry } },
      }),
      NOW,
    );
    expect(plan.patches).toEqual([
      {
        target: {
          kind: 'Application',
          group: 'argoproj.io',
          version: 'v1alpha1',
          plural: 'applications',
          namespace: 'argocd',
          name: 'shop-prod',
        },
        patch: {
          metadata: { resourceVersion: '42' },
          operation: {
            initiatedBy: { username: 'user:default/alice' },
            info: [
              { name: 'Initiated from', value: 'Backstage GitOps Console' },
            ],
            sync: { revision: SHA },
            retry,
          },
        },
      },
    ]);
    expect(plan.effect).toBe(
      'set operation.sync on Application argocd/shop-prod (revision abc1234) for user:default/alice',
    );
  });

  it("syncs to the Application's target revision when none is asked, and each source's for a multi-source one", () => {
    const single = planClusterPatch(
      request({}),
      object('Application', { spec: { source: { targetRevision: 'main' } } }),
      NOW,
    );
    expect((single.patches[0].patch as any).operation.sync).toEqual({
      revision: 'main',
    });
    expect((single.patches[0].patch as any).operation.retry).toBeUndefined();
    const multi = planClusterPatch(
      request({}),
      object('Application', {
        spec: {
          sources: [{ targetRevision: 'main' }, { targetRevision: '1.2.0' }],
        },
      }),
      NOW,
    );
    expect((multi.patches[0].patch as any).operation.sync).toEqual({
      revisions: ['main', '1.2.0'],
    });
    expect(multi.effect).toContain('(revisions main, 1.2.0)');
  });

  it('refuses one revision for a multi-source Application, naming the field', () => {
    const plan = () =>
      planClusterPatch(
        request({ revision: SHA }),
        object('Application', { spec: { sources: [{}, {}] } }),
        NOW,
      );
    expect(plan).toThrow(ClusterActionUnfitError);
    expect(plan).toThrow(
      expect.objectContaining({
        field: 'revision',
        message: expect.stringContaining('has 2 sources'),
      }),
    );
  });

  it('refuses a sync while an operation is in progress (409)', () => {
    const plan = () =>
      planClusterPatch(
        request({}),
        object('Application', {
          operation: { initiatedBy: { username: 'bob' }, sync: {} },
        }),
        NOW,
      );
    expect(plan).toThrow(ClusterActionConflictError);
    expect(plan).toThrow(
      'Application argocd/shop-prod has an operation in progress already (initiated by bob); wait until it ends',
    );
  });

  it('refreshes with the annotation', () => {
    const plan = planClusterPatch(
      request({ action: 'refresh' }),
      object('Application'),
      NOW,
    );
    expect(plan.patches.map(p => p.patch)).toEqual([
      { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } },
    ]);
  });

  const requestedAt = {
    metadata: {
      annotations: {
        'reconcile.fluxcd.io/requestedAt': '2026-12-02T01:02:03.456Z',
      },
    },
  };

  it.each([
    [
      'Kustomization from spec.sourceRef, in its own namespace',
      request({
        kind: 'Kustomization',
        namespace: 'apps',
        action: 'reconcile',
      }),
      { spec: { sourceRef: { kind: 'GitRepository', name: 'deploy' } } },
      ['GitRepository apps/deploy', 'Kustomization apps/shop-prod'],
    ],
    [
      'Kustomization from an OCIRepository in another namespace',
      request({
        kind: 'Kustomization',
        namespace: 'apps',
        action: 'reconcile',
      }),
      {
        spec: {
          sourceRef: {
            kind: 'OCIRepository',
            name: 'manifests',
            namespace: 'flux-system',
          },
        },
      },
      ['OCIRepository flux-system/manifests', 'Kustomization apps/shop-prod'],
    ],
    [
      'HelmRelease from spec.chart.spec.sourceRef',
      request({ kind: 'HelmRelease', namespace: 'apps', action: 'reconcile' }),
      {
        spec: {
          chart: {
            spec: {
              chart: 'shop',
              sourceRef: { kind: 'HelmRepository', name: 'charts' },
            },
          },
        },
      },
      ['HelmRepository apps/charts', 'HelmRelease apps/shop-prod'],
    ],
    [
      'HelmRelease from spec.chartRef',
      request({ kind: 'HelmRelease', namespace: 'apps', action: 'reconcile' }),
      {
        spec: {
          chartRef: {
            kind: 'OCIRepository',
            name: 'shop-chart',
            namespace: 'charts',
          },
        },
      },
      ['OCIRepository charts/shop-chart', 'HelmRelease apps/shop-prod'],
    ],
  ])(
    'reconciles a %s: source first, then the object',
    (_what, req, extra, targets) => {
      const plan = planClusterPatch(req, object(req.kind, extra), NOW);
      expect(
        plan.patches.map(
          p => `${p.target.kind} ${p.target.namespace}/${p.target.name}`,
        ),
      ).toEqual(targets);
      for (const p of plan.patches) expect(p.patch).toEqual(requestedAt);
      expect(plan.patches[0].target.group).toBe('source.toolkit.fluxcd.io');
      expect(plan.effect).toBe(
        `set annotation reconcile.fluxcd.io/requestedAt=2026-12-02T01:02:03.456Z on ${targets[1]} and on its source ${targets[0]}`,
      );
    },
  );

  it("uses a source reference's apiVersion when it names the source group", () => {
    const plan = planClusterPatch(
      request({ kind: 'Kustomization', action: 'reconcile' }),
      object('Kustomization', {
        spec: {
          sourceRef: {
            kind: 'GitRepository',
            name: 'deploy',
            apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
          },
        },
      }),
      NOW,
    );
    expect(plan.patches[0].target.version).toBe('v1beta2');
  });

  it('annotates only the object when its source is an ExternalArtifact, and says so', () => {
    const plan = planClusterPatch(
      request({
        kind: 'Kustomization',
        namespace: 'apps',
        action: 'reconcile',
      }),
      object('Kustomization', {
        spec: { sourceRef: { kind: 'ExternalArtifact', name: 'made' } },
      }),
      NOW,
    );
    expect(plan.patches.map(p => p.target.kind)).toEqual(['Kustomization']);
    expect(plan.effect).toContain(
      '(its source ExternalArtifact apps/made is left alone: an ExternalArtifact is not reconciled by Flux)',
    );
  });

  it('refuses to reconcile a suspended object (409) or one naming no source (422)', () => {
    const req = request({ kind: 'HelmRelease', action: 'reconcile' });
    expect(() =>
      planClusterPatch(
        req,
        object('HelmRelease', { spec: { suspend: true } }),
        NOW,
      ),
    ).toThrow(ClusterActionConflictError);
    expect(() =>
      planClusterPatch(req, object('HelmRelease', { spec: {} }), NOW),
    ).toThrow(
      'HelmRelease apps/shop names no source (spec.chartRef or spec.chart.spec.sourceRef), so there is nothing to reconcile it from',
    );
  });

  it.each([
    [
      'suspend',
      undefined,
      { spec: { suspend: true } },
      'set spec.suspend=true on Kustomization argocd/shop-prod',
    ],
    [
      'suspend',
      true,
      { spec: { suspend: true } },
      'set spec.suspend=true on Kustomization argocd/shop-prod (it was suspended already)',
    ],
    [
      'resume',
      true,
      { spec: { suspend: false } },
      'set spec.suspend=false on Kustomization argocd/shop-prod',
    ],
    [
      'resume',
      undefined,
      { spec: { suspend: false } },
      'set spec.suspend=false on Kustomization argocd/shop-prod (it was running already)',
    ],
  ] as const)('%s from suspend=%s', (action, suspend, patch, effect) => {
    const plan = planClusterPatch(
      request({ kind: 'Kustomization', action }),
      object('Kustomization', { spec: { suspend } }),
      NOW,
    );
    expect(plan.patches.map(p => p.patch)).toEqual([patch]);
    expect(plan.effect).toBe(effect);
  });

  it('shortens full SHAs only', () => {
    expect(shortRevision(SHA)).toBe('abc1234');
    expect(shortRevision('main')).toBe('main');
    expect(shortRevision('v1.2.3')).toBe('v1.2.3');
  });
});
