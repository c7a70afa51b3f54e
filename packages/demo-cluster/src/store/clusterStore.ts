import { KubeObject, objectKey } from './kubeObject';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as a watch replays it. */
export interface StoreEvent {
  type: StoreEventType;
  resourceVersion: number;
  /** `group/plural` of the object's resource. */
  resource: string;
  object: KubeObject;
  /** The object before a MODIFIED or DELETED change. */
  previous?: KubeObject;
}

export interface StoreSnapshot {
  resourceVersion: number;
  objects: Record<string, KubeObject[]>;
}

/**
 * One cluster's objects, with the behaviour of etcd behind the API server
 * that watches rely on: a single increasing resourceVersion, and a bounded
 * window of past changes. A watch from a resourceVersion older than the
 * window cannot be served (410 Gone), as after an etcd compaction.
 */
export class ClusterStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly events: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private revision: number;
  /** Watches from a resourceVersion below this are gone. */
  private compactedRevision: number;

  constructor(
    private readonly options: {
      initialResourceVersion: number;
      historyLimit: number;
    },
  ) {
    this.revision = options.initialResourceVersion;
    this.compactedRevision = options.initialResourceVersion;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  get oldestWatchableResourceVersion(): number {
    return this.compactedRevision;
  }

  get(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(objectKey(namespace, name));
    return found && structuredClone(found);
  }

  /** Objects in key order (namespace, then name), as etcd returns them. */
  list(resource: string, namespace?: string): KubeObject[] {
    const byKey = this.objects.get(resource) ?? new Map();
    return (
      [...byKey.entries()]
        .filter(
          ([, obj]) =>
            namespace === undefined || obj.metadata.namespace === namespace,
        )
        // Byte order of the keys, as etcd returns them.
        .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
        .map(([, obj]) => structuredClone(obj))
    );
  }

  /** Stores an object under a new resourceVersion and returns what was stored. */
  put(resource: string, object: KubeObject): KubeObject {
    const byKey = this.objects.get(resource) ?? new Map<string, KubeObject>();
    this.objects.set(resource, byKey);
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const previous = byKey.get(key);
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    byKey.set(key, stored);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      resourceVersion: this.revision,
      resource,
      object: stored,
      previous,
    });
    return structuredClone(stored);
  }

  remove(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const byKey = this.objects.get(resource);
    const key = objectKey(namespace, name);
    const previous = byKey?.get(key);
    if (!byKey || !previous) return undefined;
    byKey.delete(key);
    const deleted = structuredClone(previous);
    deleted.metadata.resourceVersion = String(++this.revision);
    this.record({
      type: 'DELETED',
      resourceVersion: this.revision,
      resource,
      object: deleted,
      previous,
    });
    return structuredClone(deleted);
  }

  /** Changes after `resourceVersion`, or undefined when they are no longer kept. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedRevision) return undefined;
    return this.events.filter(event => event.resourceVersion > resourceVersion);
  }

  /** Listens to every change; returns the function that stops listening. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets all past changes, as an etcd compaction does. */
  compact(): void {
    this.events.length = 0;
    this.compactedRevision = this.revision;
  }

  snapshot(): StoreSnapshot {
    const objects: Record<string, KubeObject[]> = {};
    for (const resource of this.objects.keys())
      objects[resource] = this.list(resource);
    return { resourceVersion: this.revision, objects };
  }

  /** Loads a snapshot into an empty store; past changes start after it. */
  restore(snapshot: StoreSnapshot): void {
    for (const [resource, items] of Object.entries(snapshot.objects)) {
      const byKey = new Map<string, KubeObject>();
      for (const item of items)
        byKey.set(objectKey(item.metadata.namespace, item.metadata.name), item);
      this.objects.set(resource, byKey);
    }
    this.revision = Math.max(this.revision, snapshot.resourceVersion);
    this.compact();
  }

  private record(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length > this.options.historyLimit) {
      const dropped = this.events.splice(
        0,
        this.events.length - this.options.historyLimit,
      );
      this.compactedRevision = dropped[dropped.length - 1].resourceVersion;
    }
    for (const listener of this.listeners) listener(event);
  }
}
