import type { GitOpsResourceKindName } from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import {
  matchesQuery,
  type LocatableResource,
  type ResourceQuery,
} from '../locator/locateResources';

/** The CD resources an entity's annotations can name. */
export const DEPLOYMENT_KINDS: readonly GitOpsResourceKindName[] = [
  'argocd-application',
  'flux-kustomization',
  'flux-helmrelease',
];

export function isDeploymentKind(kind: string): kind is GitOpsResourceKindName {
  return (DEPLOYMENT_KINDS as readonly string[]).includes(kind);
}

/** `<cluster>/<kind>/<namespace>/<name>`: one watched object. */
export function resourceKey(
  cluster: string,
  kind: string,
  namespace: string,
  name: string,
) {
  return `${cluster}/${kind}/${namespace}/${name}`;
}

/** A CD resource the matcher knows, with what queries are matched on. */
export interface IndexedResource extends LocatableResource {
  key: string;
  cluster: string;
}

export function toLocatable(
  cluster: string,
  kind: GitOpsResourceKindName,
  object: KubeObject,
): IndexedResource {
  const namespace = object.metadata.namespace ?? '';
  return {
    key: resourceKey(cluster, kind, namespace, object.metadata.name),
    cluster,
    kind,
    namespace,
    name: object.metadata.name,
    labels: object.metadata.labels,
    project: object.spec?.project,
  };
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/**
 * Which CD resources answer a query, without scanning every resource: the
 * resources are indexed by kind + name and by `label=value`, and a query is
 * answered from its most selective index, then checked exactly. Only a
 * selector with no equality term (`!a`, `a notin (x)`) falls back to the
 * resources of its kinds.
 */
export class ResourceMatcher {
  private readonly resources = new Map<string, IndexedResource>();
  private readonly byKind = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly byLabel = new Map<string, Set<string>>();

  get size() {
    return this.resources.size;
  }

  get(key: string): IndexedResource | undefined {
    return this.resources.get(key);
  }

  /** Adds or replaces a resource; returns the previous entry. */
  upsert(resource: IndexedResource): IndexedResource | undefined {
    const previous = this.delete(resource.key);
    this.resources.set(resource.key, resource);
    add(this.byKind, resource.kind, resource.key);
    add(this.byName, `${resource.kind}/${resource.name}`, resource.key);
    for (const [k, v] of Object.entries(resource.labels ?? {})) {
      add(this.byLabel, `${k}=${v}`, resource.key);
    }
    return previous;
  }

  delete(key: string): IndexedResource | undefined {
    const old = this.resources.get(key);
    if (!old) return undefined;
    this.resources.delete(key);
    remove(this.byKind, old.kind, key);
    remove(this.byName, `${old.kind}/${old.name}`, key);
    for (const [k, v] of Object.entries(old.labels ?? {})) {
      remove(this.byLabel, `${k}=${v}`, key);
    }
    return old;
  }

  /** The keys of every resource answering the query. */
  match(query: ResourceQuery): IndexedResource[] {
    const result: IndexedResource[] = [];
    for (const key of this.candidates(query)) {
      const resource = this.resources.get(key);
      if (resource && matchesQuery(query, resource)) result.push(resource);
    }
    return result;
  }

  private candidates(query: ResourceQuery): Iterable<string> {
    if (query.name) {
      return query.kinds.flatMap(kind => [
        ...(this.byName.get(`${kind}/${query.name}`) ?? []),
      ]);
    }
    let best: Set<string> | undefined;
    for (const requirement of query.selector ?? []) {
      if (requirement.op !== 'in') continue;
      const union = new Set<string>();
      for (const value of requirement.values) {
        for (const key of this.byLabel.get(`${requirement.key}=${value}`) ??
          []) {
          union.add(key);
        }
      }
      if (!best || union.size < best.size) best = union;
    }
    if (best) return best;
    return query.kinds.flatMap(kind => [...(this.byKind.get(kind) ?? [])]);
  }
}

/**
 * The reverse direction: which entities' queries could name a resource, so
 * a resource appearing, disappearing or changing labels re-locates only
 * those entities. Queries are filed under their name or one equality term;
 * the rest are "broad" and looked at for every resource.
 */
export class QueryRegistry {
  private readonly queries = new Map<string, ResourceQuery[]>();
  private readonly byName = new Map<string, Set<string>>();
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly broad = new Set<string>();

  set(entityRef: string, queries: ResourceQuery[]) {
    this.delete(entityRef);
    this.queries.set(entityRef, queries);
    for (const query of queries) {
      if (query.name) {
        add(this.byName, query.name, entityRef);
        continue;
      }
      const term = query.selector?.find(r => r.op === 'in');
      if (term && term.op === 'in') {
        for (const value of term.values)
          add(this.byLabel, `${term.key}=${value}`, entityRef);
      } else {
        this.broad.add(entityRef);
      }
    }
  }

  delete(entityRef: string) {
    const old = this.queries.get(entityRef);
    if (!old) return;
    this.queries.delete(entityRef);
    this.broad.delete(entityRef);
    for (const query of old) {
      if (query.name) remove(this.byName, query.name, entityRef);
      const term = query.selector?.find(r => r.op === 'in');
      if (term && term.op === 'in') {
        for (const value of term.values)
          remove(this.byLabel, `${term.key}=${value}`, entityRef);
      }
    }
  }

  /** Entities whose queries may answer to the resource (checked exactly). */
  entitiesFor(resource: LocatableResource): string[] {
    const candidates = new Set<string>(this.broad);
    for (const ref of this.byName.get(resource.name) ?? []) candidates.add(ref);
    for (const [k, v] of Object.entries(resource.labels ?? {})) {
      for (const ref of this.byLabel.get(`${k}=${v}`) ?? [])
        candidates.add(ref);
    }
    return [...candidates].filter(ref =>
      (this.queries.get(ref) ?? []).some(q => matchesQuery(q, resource)),
    );
  }
}
