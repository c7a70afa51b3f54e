import { ApiError } from '../api/apiError';
import { ResourceType } from '../crd/resourceType';
import { Cluster, resourceKey } from '../store/cluster';
import { KubeObject } from '../store/kubeObject';
import { RenderedManifest } from './renderedResources';

/**
 * Who applied an object: the root app whose path holds it. Argo CD marks
 * what an Application applies with a tracking annotation, Flux with the
 * labels of the Kustomization; only marked objects are updated or pruned,
 * so objects created another way (the demo's seeded ones) are left alone.
 */
export interface Applier {
  /** For log lines, e.g. `Application argocd/storefront-apps`. */
  readonly name: string;
  owns(object: KubeObject): boolean;
  /** Adds the ownership mark to a manifest from Git. */
  mark(manifest: KubeObject, type: ResourceType): KubeObject;
}

const ARGO_TRACKING = 'argocd.argoproj.io/tracking-id';
const FLUX_NAME = 'kustomize.toolkit.fluxcd.io/name';
const FLUX_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace';

/** Argo CD's annotation tracking: `<app>:<group>/<kind>:<namespace>/<name>`. */
export function argoApplier(app: KubeObject): Applier {
  const prefix = `${app.metadata.name}:`;
  return {
    name: `Application ${app.metadata.namespace}/${app.metadata.name}`,
    owns: o =>
      Boolean(o.metadata.annotations?.[ARGO_TRACKING]?.startsWith(prefix)),
    mark: (m, type) => ({
      ...m,
      metadata: {
        ...m.metadata,
        annotations: {
          ...m.metadata.annotations,
          [ARGO_TRACKING]: `${prefix}${type.group}/${type.kind}:${
            m.metadata.namespace ?? ''
          }/${m.metadata.name}`,
        },
      },
    }),
  };
}

/** Flux's labels: `kustomize.toolkit.fluxcd.io/name` and `/namespace`. */
export function fluxApplier(k: KubeObject): Applier {
  const { name, namespace } = k.metadata;
  return {
    name: `Kustomization ${namespace}/${name}`,
    owns: o =>
      o.metadata.labels?.[FLUX_NAME] === name &&
      o.metadata.labels?.[FLUX_NAMESPACE] === namespace,
    mark: m => ({
      ...m,
      metadata: {
        ...m.metadata,
        labels: {
          ...m.metadata.labels,
          [FLUX_NAME]: name,
          [FLUX_NAMESPACE]: namespace!,
        },
      },
    }),
  };
}

/** The kinds of Argo CD and Flux; other objects a path renders are not kept by the demo. */
const isCdGroup = (group: string) =>
  group === 'argoproj.io' || group.endsWith('.toolkit.fluxcd.io');

export interface ApplyOutcome {
  created: string[];
  updated: string[];
  pruned: string[];
  /** Objects Git holds that exist already, not created by this applier. */
  leftAlone: string[];
  errors: string[];
}

const label = (type: ResourceType, o: { namespace?: string; name: string }) =>
  `${type.kind} ${o.namespace ?? ''}/${o.name}`;

const desiredShape = (o: KubeObject) =>
  JSON.stringify({
    labels: o.metadata.labels ?? {},
    annotations: o.metadata.annotations ?? {},
    spec: o.spec ?? null,
  });

/**
 * Applies the Argo CD and Flux objects a root app's path renders, as the
 * app-of-apps pattern and a cluster Kustomization do: creates what is new,
 * updates what it created when Git changes it, and (with `prune`) deletes
 * what it created that Git no longer holds. One bad manifest is reported
 * and does not stop the others.
 */
export function applyCdObjects(
  cluster: Cluster,
  applier: Applier,
  manifests: RenderedManifest[],
  options: { prune: boolean },
): ApplyOutcome {
  const outcome: ApplyOutcome = {
    created: [],
    updated: [],
    pruned: [],
    leftAlone: [],
    errors: [],
  };
  const wanted = new Set<string>();
  for (const r of manifests) {
    if (!isCdGroup(r.group)) continue;
    const type = cluster.types.find(
      t => t.group === r.group && t.kind === r.kind,
    );
    if (!type) {
      outcome.errors.push(
        `${r.file}: the cluster does not serve ${r.kind} in ${r.group}`,
      );
      continue;
    }
    const namespace = type.namespaced ? r.namespace : undefined;
    if (type.namespaced && !namespace) {
      outcome.errors.push(`${r.file}: ${r.kind} ${r.name} has no namespace`);
      continue;
    }
    wanted.add(`${resourceKey(type)} ${namespace ?? ''}/${r.name}`);
    const manifest = applier.mark(
      {
        ...(r.manifest as KubeObject),
        metadata: { ...r.manifest.metadata, namespace },
      },
      type,
    );
    const name = label(type, { namespace, name: r.name });
    try {
      const existing = cluster.store.get(resourceKey(type), namespace, r.name);
      if (!existing) {
        const { status: _status, ...body } = manifest;
        cluster.create(type, namespace, body, { fieldValidation: 'Strict' });
        outcome.created.push(name);
      } else if (!applier.owns(existing)) {
        outcome.leftAlone.push(name);
      } else if (desiredShape(existing) !== desiredShape(manifest)) {
        cluster.mutate(type, namespace, r.name, current => ({
          ...current,
          metadata: {
            ...current.metadata,
            labels: manifest.metadata.labels,
            annotations: manifest.metadata.annotations,
          },
          spec: manifest.spec,
        }));
        outcome.updated.push(name);
      }
    } catch (error) {
      const reason =
        error instanceof ApiError ? error.message : (error as Error).message;
      outcome.errors.push(`${r.file}: ${name}: ${reason}`);
    }
  }
  if (!options.prune) return outcome;
  for (const type of cluster.types.filter(t => isCdGroup(t.group))) {
    for (const object of cluster.list(type)) {
      const { namespace, name } = object.metadata;
      if (!applier.owns(object)) continue;
      if (wanted.has(`${resourceKey(type)} ${namespace ?? ''}/${name}`))
        continue;
      cluster.delete(type, namespace, name);
      outcome.pruned.push(label(type, { namespace, name }));
    }
  }
  return outcome;
}

/** One log line per change, for the demo's log. */
export function describeOutcome(applier: Applier, o: ApplyOutcome): string[] {
  return [
    ...o.created.map(n => `${applier.name}: created ${n}`),
    ...o.updated.map(n => `${applier.name}: updated ${n}`),
    ...o.pruned.map(n => `${applier.name}: pruned ${n}`),
    ...o.errors.map(e => `${applier.name}: could not apply ${e}`),
  ];
}
