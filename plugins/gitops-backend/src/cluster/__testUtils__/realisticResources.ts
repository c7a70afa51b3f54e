import { createHash } from 'node:crypto';
import type { KubeObject } from '../kubeObject';

/*
 * Custom resources with the shape and size real controllers give them: the
 * fields GitOps Console reads, and the ones it does not (managedFields,
 * last-applied annotations, Argo CD's per-sync resource results and source
 * copies in history, Flux inventories, inline Helm values). Used to check
 * that projections keep what builders read, and to measure memory.
 */

const sha = (seed: string) => createHash('sha1').update(seed).digest('hex');
const digest = (seed: string) =>
  `sha256:${createHash('sha256').update(seed).digest('hex')}`;
const at = (minutesAgo: number) =>
  new Date(Date.UTC(2026, 10, 30, 12, 0) - minutesAgo * 60_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');

function managedFields(manager: string, subresource?: string) {
  return {
    manager,
    operation: 'Update',
    apiVersion: 'argoproj.io/v1alpha1',
    time: at(5),
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:status': {
        '.': {},
        'f:health': { '.': {}, 'f:status': {} },
        'f:history': {},
        'f:operationState': {
          '.': {},
          'f:finishedAt': {},
          'f:message': {},
          'f:operation': { '.': {}, 'f:initiatedBy': {}, 'f:sync': {} },
          'f:phase': {},
          'f:startedAt': {},
          'f:syncResult': {},
        },
        'f:reconciledAt': {},
        'f:resources': {},
        'f:sourceType': {},
        'f:summary': { '.': {}, 'f:images': {} },
        'f:sync': { '.': {}, 'f:comparedTo': {}, 'f:revision': {} },
      },
    },
    ...(subresource && { subresource }),
  };
}

const KINDS = [
  ['apps', 'Deployment'],
  ['', 'Service'],
  ['', 'ConfigMap'],
  ['', 'ServiceAccount'],
  ['policy', 'PodDisruptionBudget'],
  ['autoscaling', 'HorizontalPodAutoscaler'],
  ['networking.k8s.io', 'Ingress'],
  ['', 'Secret'],
  ['monitoring.coreos.com', 'ServiceMonitor'],
  ['rbac.authorization.k8s.io', 'Role'],
  ['rbac.authorization.k8s.io', 'RoleBinding'],
  ['batch', 'CronJob'],
] as const;

export interface RealisticApplicationOptions {
  /** Managed resources (status.resources and the sync result). Default 12. */
  resources?: number;
  /** History entries; Argo CD keeps 10 by default. */
  history?: number;
  outOfSync?: boolean;
  /** Two sources: a Helm chart from Git with value files of a `ref` source. */
  multiSource?: boolean;
}

/** An Argo CD 3.x Application as the API server returns it. */
export function realisticApplication(
  i: number,
  options: RealisticApplicationOptions = {},
): KubeObject {
  const service = `service-${i}`;
  const env = i % 2 ? 'production' : 'staging';
  const name = `${service}-${env}`;
  const repoURL = `https://github.com/acme/deploy-${i % 7}.git`;
  const path = `apps/${service}/overlays/${env}`;
  const revision = sha(`${name}-head`);
  const source = { repoURL, path, targetRevision: 'main' };
  const sources = options.multiSource
    ? [
        {
          repoURL,
          path: `charts/${service}`,
          targetRevision: 'main',
          helm: {
            valueFiles: ['$values/values/common.yaml', `$values/${env}.yaml`],
            values: 'replicaCount: 3\nimage:\n  tag: 1.4.2\n',
            parameters: [{ name: 'image.tag', value: '1.4.2' }],
          },
        },
        {
          repoURL: `https://github.com/acme/values.git`,
          targetRevision: 'main',
          ref: 'values',
        },
      ]
    : undefined;
  const spec = {
    project: `team-${i % 5}`,
    ...(sources ? { sources } : { source }),
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: service,
    },
    syncPolicy: {
      automated: { prune: true, selfHeal: i % 3 !== 0 },
      syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
      retry: {
        limit: 5,
        backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
      },
    },
    revisionHistoryLimit: 10,
  };
  const resourceCount = options.resources ?? 12;
  const resources = Array.from({ length: resourceCount }, (_, r) => {
    const [group, kind] = KINDS[r % KINDS.length];
    return {
      ...(group && { group }),
      version: 'v1',
      kind,
      namespace: service,
      name: r < KINDS.length ? service : `${service}-${r}`,
      status: options.outOfSync && r === 2 ? 'OutOfSync' : 'Synced',
      ...(kind !== 'ConfigMap' &&
        kind !== 'Secret' && {
          health: { status: 'Healthy', message: `${kind} is healthy` },
        }),
      syncWave: r % 3,
      requiresPruning: false,
    };
  });
  const revisionOf = (h: number) => sha(`${name}-${h}`);
  const historyCount = options.history ?? 10;
  const history = Array.from({ length: historyCount }, (_, h) => ({
    id: h,
    revision: h === historyCount - 1 ? revision : revisionOf(h),
    ...(sources && {
      revisions: [
        h === historyCount - 1 ? revision : revisionOf(h),
        sha(`values-${h}`),
      ],
      sources,
    }),
    deployedAt: at(60 * (historyCount - h)),
    deployStartedAt: at(60 * (historyCount - h) + 1),
    ...(!sources && { source }),
    initiatedBy:
      h % 4 === 0 ? { username: 'alice@acme.example' } : { automated: true },
  }));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: 'argocd',
      uid: `6f1c2a9d-8e7b-4c5a-9f3e-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100_000 + i),
      generation: 42,
      creationTimestamp: at(60 * 24 * 30),
      labels: {
        'app.kubernetes.io/instance': name,
        'backstage.io/kubernetes-id': service,
        environment: env,
        team: `team-${i % 5}`,
      },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name, namespace: 'argocd' },
          spec,
        }),
        'notifications.argoproj.io/subscribe.on-sync-failed.slack': `team-${
          i % 5
        }-alerts`,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      managedFields: [
        managedFields('kubectl-client-side-apply'),
        managedFields('argocd-application-controller'),
        managedFields('argocd-server'),
      ],
    } as KubeObject['metadata'],
    spec,
    status: {
      sync: {
        status: options.outOfSync ? 'OutOfSync' : 'Synced',
        ...(sources
          ? { revisions: [revision, sha('values-head')] }
          : { revision }),
        comparedTo: {
          ...(sources ? { sources } : { source }),
          destination: spec.destination,
        },
      },
      health: { status: 'Healthy', lastTransitionTime: at(50) },
      resources,
      summary: {
        images: [
          `ghcr.io/acme/${service}:1.4.${i % 10}`,
          'ghcr.io/acme/sidecar:2.0.1',
        ],
        externalURLs: [`https://${service}.${env}.acme.example`],
      },
      operationState: {
        operation: {
          sync: {
            ...(sources
              ? { revisions: [revision, sha('values-head')] }
              : { revision }),
            syncStrategy: { hook: {} },
            syncOptions: ['CreateNamespace=true'],
          },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: at(61),
        finishedAt: at(60),
        syncResult: {
          ...(sources
            ? // Argo CD always writes `revision`, empty with several sources.
              {
                revision: '',
                revisions: [revision, sha('values-head')],
                sources,
              }
            : { revision, source }),
          resources: resources.map(r => ({
            group: r.group ?? '',
            version: r.version,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
            status: 'Synced',
            message: `${r.kind.toLowerCase()}/${r.name} serverside-applied`,
            hookPhase: 'Running',
            syncPhase: 'Sync',
          })),
          managedNamespaceMetadata: {},
        },
      },
      history,
      reconciledAt: at(2),
      sourceType: sources ? 'Helm' : 'Kustomize',
      ...(sources && { sourceTypes: ['Helm', 'Kustomize'] }),
      controllerNamespace: 'argocd',
      ...(options.outOfSync && {
        conditions: [
          {
            type: 'SyncError',
            message: 'one or more objects failed to apply',
            lastTransitionTime: at(10),
          },
        ],
      }),
    },
  };
}

/** A Flux Kustomization (v1) with its inventory and reconcile history. */
export function realisticKustomization(
  i: number,
  source: { kind: 'GitRepository' | 'OCIRepository'; name: string } = {
    kind: 'GitRepository',
    name: 'fleet',
  },
): KubeObject {
  const name = `workload-${i}`;
  const revision = `main@sha1:${sha(`${name}-applied`)}`;
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name,
      namespace: 'flux-system',
      uid: `0a1b2c3d-4e5f-4a6b-8c7d-${String(i).padStart(12, '0')}`,
      resourceVersion: String(200_000 + i),
      generation: 3,
      labels: { 'backstage.io/kubernetes-id': `workload-${i}` },
      annotations: {
        'reconcile.fluxcd.io/requestedAt': at(30),
      },
      finalizers: ['finalizers.fluxcd.io'],
      managedFields: [managedFields('kustomize-controller', 'status')],
    } as KubeObject['metadata'],
    spec: {
      interval: '10m',
      path: `./apps/${name}/production`,
      prune: true,
      wait: true,
      timeout: '5m',
      sourceRef: source,
      targetNamespace: name,
      postBuild: {
        substitute: { cluster_name: 'prod-eu-1', region: 'eu-west-1' },
      },
    },
    status: {
      observedGeneration: 3,
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      ...(source.kind === 'OCIRepository' && {
        lastAppliedOriginRevision: `main@sha1:${sha(`${name}-origin`)}`,
      }),
      lastHandledReconcileAt: at(30),
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ReconciliationSucceeded',
          message: `Applied revision: ${revision}`,
          lastTransitionTime: at(29),
          observedGeneration: 3,
        },
        {
          type: 'Healthy',
          status: 'True',
          reason: 'Succeeded',
          message: 'Health check passed in 2.01s',
          lastTransitionTime: at(29),
          observedGeneration: 3,
        },
      ],
      inventory: {
        entries: Array.from({ length: 10 }, (_, r) => ({
          id: `${name}_${name}-${r}_${KINDS[r][0]}_${KINDS[r][1]}`,
          v: 'v1',
        })),
      },
      history: Array.from({ length: 5 }, (_, h) => ({
        digest: digest(`${name}-${h}`),
        firstReconciled: at(600 - h * 100),
        lastReconciled: at(500 - h * 100),
        lastReconciledDuration: '2.3s',
        lastReconciledStatus: 'ReconciliationSucceeded',
        totalReconciliations: 12 - h,
        metadata: { revision: `main@sha1:${sha(`${name}-${h}`)}` },
      })),
    },
  };
}

/** A Flux HelmRelease (v2) with inline values and Helm history. */
export function realisticHelmRelease(i: number): KubeObject {
  const name = `chart-${i}`;
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name,
      namespace: 'apps',
      resourceVersion: String(300_000 + i),
      generation: 2,
      labels: { 'backstage.io/kubernetes-id': name },
      managedFields: [managedFields('helm-controller', 'status')],
    } as KubeObject['metadata'],
    spec: {
      interval: '10m',
      chart: {
        spec: {
          chart: name,
          version: '1.x',
          sourceRef: {
            kind: 'HelmRepository',
            name: 'acme',
            namespace: 'flux-system',
          },
          interval: '1h',
        },
      },
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3, remediateLastFailure: true } },
      values: {
        replicaCount: 3,
        image: { repository: `ghcr.io/acme/${name}`, tag: '1.4.2' },
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
        ingress: { enabled: true, hosts: [`${name}.acme.example`] },
      },
    },
    status: {
      observedGeneration: 2,
      lastAttemptedGeneration: 2,
      lastAttemptedRevision: '1.4.2',
      lastAttemptedConfigDigest: digest(`${name}-config`),
      lastAttemptedReleaseAction: 'upgrade',
      helmChart: `flux-system/apps-${name}`,
      storageNamespace: 'apps',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'UpgradeSucceeded',
          message:
            'Helm upgrade succeeded for release apps/chart with chart chart@1.4.2',
          lastTransitionTime: at(20),
          observedGeneration: 2,
        },
      ],
      history: Array.from({ length: 5 }, (_, h) => ({
        name,
        namespace: 'apps',
        version: 5 - h,
        status: h === 0 ? 'deployed' : 'superseded',
        chartName: name,
        chartVersion: `1.4.${2 - Math.min(h, 2)}`,
        appVersion: '0.9.3',
        configDigest: digest(`${name}-config-${h}`),
        digest: digest(`${name}-${h}`),
        firstDeployed: at(1000 - h * 100),
        lastDeployed: at(900 - h * 100),
        testHooks: {},
      })),
    },
  };
}

/** A Flux GitRepository or OCIRepository with its stored artifact. */
export function realisticFluxSource(
  kind: 'GitRepository' | 'OCIRepository',
  name: string,
): KubeObject {
  const git = kind === 'GitRepository';
  const revision = git
    ? `main@sha1:${sha(`${name}-artifact`)}`
    : `v1.2.3@${digest(`${name}-artifact`)}`;
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind,
    metadata: {
      name,
      namespace: 'flux-system',
      resourceVersion: '4242',
      generation: 1,
      managedFields: [managedFields('source-controller', 'status')],
    } as KubeObject['metadata'],
    spec: {
      interval: '1m',
      url: git
        ? 'https://github.com/acme/fleet.git'
        : 'oci://ghcr.io/acme/manifests/fleet',
      ref: git ? { branch: 'main' } : { tag: 'v1.2.3' },
      timeout: '60s',
      secretRef: { name: 'fleet-auth' },
    },
    status: {
      observedGeneration: 1,
      artifact: {
        digest: digest(`${name}-tarball`),
        lastUpdateTime: at(3),
        path: `${kind.toLowerCase()}/flux-system/${name}/artifact.tar.gz`,
        revision,
        size: 24014,
        url: `http://source-controller.flux-system.svc.cluster.local./${kind.toLowerCase()}/flux-system/${name}/artifact.tar.gz`,
        metadata: { 'org.opencontainers.image.created': at(10) },
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Succeeded',
          message: `stored artifact for revision '${revision}'`,
          lastTransitionTime: at(3),
          observedGeneration: 1,
        },
      ],
    },
  };
}
