import { internStrings } from './internStrings';
import { plainRecord, userKeyedRecord } from './plainRecord';
import type { KubeObject } from './kubeObject';
import type { WatchedKind, WatchedKindId } from './watchedKinds';

/*
 * What the index keeps of each custom resource: the fields the deployment
 * builders, the locator and the Flux source lookup read (see
 * deployments/build*.ts, deployments/fluxSources.ts and
 * gitops-common/src/model/{argocd,flux}.ts), and nothing else. Whole objects
 * carry managedFields, last-applied annotations, Argo CD's per-sync resource
 * results and source copies in every history entry, Flux inventories and
 * inline Helm values: most of their bytes, none of them read.
 *
 * A field a builder starts to read must be added here too; the projection
 * test compares builder output on whole and projected objects.
 */

type Json = any;

/** Copies the listed keys that are present (not undefined). */
function pick(value: unknown, keys: readonly string[]) {
  if (!value || typeof value !== 'object') return undefined;
  const out = plainRecord();
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Json;
}

function mapList<T>(
  list: unknown,
  project: (item: Json) => T,
): T[] | undefined {
  return Array.isArray(list) ? list.map(project) : undefined;
}

/**
 * A copy without undefined values, so projected objects have no empty keys.
 * Copied rather than `delete`d: deleting a property turns a V8 object into
 * a dictionary, several times larger.
 */
function compact<T extends Record<string, unknown>>(value: T): T {
  const out = plainRecord();
  for (const k of Object.keys(value)) {
    if (value[k] !== undefined) out[k] = value[k];
  }
  return out as T;
}

/** Annotations some reader uses; all others are dropped. */
const KEPT_ANNOTATIONS = [
  // Argo CD's own statement of the paths an Application depends on.
  'argocd.argoproj.io/manifest-generate-paths',
];

function metadata(object: KubeObject): KubeObject['metadata'] {
  const m = object.metadata ?? ({} as KubeObject['metadata']);
  const annotations = m.annotations
    ? pick(m.annotations, KEPT_ANNOTATIONS)
    : undefined;
  return compact({
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    // Compared on re-list to tell what changed while away.
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    // Copied: parsed JSON is built from the process's shared root map.
    labels: m.labels && Object.assign(userKeyedRecord(), m.labels),
    annotations:
      annotations && Object.keys(annotations).length ? annotations : undefined,
  });
}

const conditions = (list: unknown) =>
  mapList(list, c =>
    pick(c, ['type', 'status', 'reason', 'message', 'lastTransitionTime']),
  );

const sourceRef = (ref: unknown) => pick(ref, ['kind', 'name', 'namespace']);

const initiatedBy = (value: unknown) => pick(value, ['username', 'automated']);

function argoSource(source: Json) {
  return compact({
    ...pick(source, [
      'repoURL',
      'path',
      'targetRevision',
      'chart',
      'ref',
      'name',
    ]),
    // Value files are render inputs; inline values are not read.
    helm: source?.helm
      ? pick(source.helm, ['valueFiles', 'ignoreMissingValueFiles'])
      : undefined,
  });
}

function argoApplication(object: KubeObject): Json {
  const spec = object.spec ?? {};
  const status = object.status;
  const op = status?.operationState;
  const projectedStatus =
    status &&
    compact({
      sync: pick(status.sync, ['status', 'revision', 'revisions']),
      health: pick(status.health, ['status', 'message']),
      operationState:
        op &&
        compact({
          ...pick(op, [
            'phase',
            'message',
            'retryCount',
            'startedAt',
            'finishedAt',
          ]),
          operation:
            op.operation &&
            compact({
              sync:
                op.operation.sync &&
                compact({
                  ...pick(op.operation.sync, [
                    'dryRun',
                    'revision',
                    'revisions',
                  ]),
                  // Only whether the sync was partial is read.
                  resources: mapList(op.operation.sync.resources, r =>
                    pick(r, ['group', 'kind', 'namespace', 'name']),
                  ),
                }),
              initiatedBy: initiatedBy(op.operation.initiatedBy),
            }),
          syncResult: pick(op.syncResult, ['revision', 'revisions']),
        }),
      history: mapList(status.history, h =>
        compact({
          ...pick(h, [
            'id',
            'revision',
            'revisions',
            'deployedAt',
            'deployStartedAt',
          ]),
          initiatedBy: initiatedBy(h.initiatedBy),
        }),
      ),
      resources: mapList(status.resources, r =>
        compact({
          ...pick(r, ['group', 'kind', 'namespace', 'name', 'status']),
          health: r.health ? pick(r.health, ['status']) : undefined,
        }),
      ),
      conditions: conditions(status.conditions),
      reconciledAt: status.reconciledAt,
    });
  return compact({
    metadata: metadata(object),
    spec: compact({
      project: spec.project,
      source: spec.source ? argoSource(spec.source) : undefined,
      sources: mapList(spec.sources, argoSource),
      destination: pick(spec.destination, ['server', 'name', 'namespace']),
      syncPolicy: spec.syncPolicy?.automated
        ? {
            automated: pick(spec.syncPolicy.automated, [
              'enabled',
              'prune',
              'selfHeal',
            ]),
          }
        : undefined,
    }),
    status: projectedStatus,
    // A requested operation, present only until the controller takes it.
    operation: object.operation && {
      ...pick(object.operation, ['initiatedBy', 'info']),
      sync: pick(object.operation.sync, ['revision', 'revisions', 'dryRun']),
    },
  });
}

function fluxKustomization(object: KubeObject): Json {
  const spec = object.spec ?? {};
  const status = object.status;
  return compact({
    metadata: metadata(object),
    spec: compact({
      ...pick(spec, ['suspend', 'path']),
      sourceRef: sourceRef(spec.sourceRef),
    }),
    status:
      status &&
      compact({
        ...pick(status, [
          'lastAppliedRevision',
          'lastAttemptedRevision',
          'lastAppliedOriginRevision',
          'lastHandledReconcileAt',
          'observedGeneration',
        ]),
        conditions: conditions(status.conditions),
        // The inventory (every applied object) is dropped.
        history: mapList(status.history, h =>
          pick(h, [
            'digest',
            'firstReconciled',
            'lastReconciled',
            'lastReconciledStatus',
            'totalReconciliations',
            'metadata',
          ]),
        ),
      }),
  });
}

function fluxHelmRelease(object: KubeObject): Json {
  const spec = object.spec ?? {};
  const status = object.status;
  const chartSpec = spec.chart?.spec;
  return compact({
    metadata: metadata(object),
    spec: compact({
      suspend: spec.suspend,
      chart: chartSpec
        ? {
            spec: compact({
              ...pick(chartSpec, ['chart', 'version']),
              sourceRef: sourceRef(chartSpec.sourceRef),
            }),
          }
        : undefined,
      chartRef: sourceRef(spec.chartRef),
      // Inline values are dropped: they can be large and are not read.
    }),
    status:
      status &&
      compact({
        ...pick(status, [
          'lastAttemptedRevision',
          'lastAttemptedRevisionDigest',
          'lastHandledReconcileAt',
          'observedGeneration',
        ]),
        conditions: conditions(status.conditions),
        history: mapList(status.history, h =>
          pick(h, [
            'chartName',
            'chartVersion',
            'appVersion',
            'digest',
            'status',
            'firstDeployed',
            'lastDeployed',
            'version',
          ]),
        ),
      }),
  });
}

function fluxSource(refKeys: readonly string[]) {
  return (object: KubeObject): Json => {
    const spec = object.spec ?? {};
    const status = object.status;
    return compact({
      metadata: metadata(object),
      spec: compact({
        ...pick(spec, ['url', 'suspend']),
        ref: pick(spec.ref, refKeys),
      }),
      status:
        status &&
        compact({
          artifact: pick(status.artifact, ['revision', 'digest']),
          conditions: conditions(status.conditions),
        }),
    });
  };
}

const PROJECTIONS: Record<WatchedKindId, (object: KubeObject) => Json> = {
  'argocd-application': argoApplication,
  'flux-kustomization': fluxKustomization,
  'flux-helmrelease': fluxHelmRelease,
  'flux-gitrepository': fluxSource([
    'branch',
    'tag',
    'semver',
    'name',
    'commit',
  ]),
  'flux-ocirepository': fluxSource(['tag', 'digest', 'semver', 'semverFilter']),
};

/**
 * The projection of one kind. `apiVersion` and `kind` are set from the
 * watched kind, so every stored object shares the same two strings.
 */
export function projectionFor(
  kind: WatchedKind,
): (object: KubeObject) => KubeObject {
  const project = PROJECTIONS[kind.id];
  const apiVersion = `${kind.group}/${kind.version}`;
  return object =>
    internStrings(
      Object.assign(
        plainRecord(),
        { apiVersion, kind: kind.kind },
        project(object),
      ) as KubeObject,
    );
}
