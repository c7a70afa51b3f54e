import { randomUUID } from 'node:crypto';
import { ResourceType } from '../crd/resourceType';
import { ApiError, apiErrors } from '../api/apiError';
import { FieldSelector, matchesFields } from '../api/fieldSelector';
import { LabelSelector, matchesLabels } from '../api/labelSelector';
import { JsonPatchError, applyJsonPatch, applyMergePatch } from '../api/patch';
import { validateObjectMeta } from '../schema/objectMeta';
import {
  applyDefaults,
  pruneUnknownFields,
  validateAgainstSchema,
} from '../schema/structuralSchema';
import { deepEqual, isJsonObject } from '../util/json';
import { ClusterStore, StoreEvent } from './clusterStore';
import { KubeObject } from './kubeObject';

export type PatchType = 'merge' | 'json';
export type Subresource = 'status' | undefined;

export interface WriteOptions {
  dryRun?: boolean;
  /** `Strict` rejects unknown fields; `Warn` (the default) and `Ignore` drop them. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  subresource?: Subresource;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

/** `group/plural`, the key a resource's objects are stored under. */
export const resourceKey = (type: ResourceType) =>
  `${type.group}/${type.plural}`;

/** Seconds precision, as Kubernetes' metav1.Time serialises. */
const kubeTime = (date = new Date()) => `${date.toISOString().slice(0, 19)}Z`;

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const randomSuffix = () =>
  Array.from(
    { length: 5 },
    () =>
      GENERATE_NAME_ALPHABET[
        Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)
      ],
  ).join('');

/** Fields of ObjectMeta that only the server sets. */
const SYSTEM_META_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'selfLink',
];

function withoutMetaAndStatus(
  object: KubeObject,
  dropStatus: boolean,
): Record<string, unknown> {
  const { metadata: _metadata, status, ...rest } = object;
  return dropStatus ? rest : { ...rest, status };
}

/**
 * One simulated cluster: its resource types, its objects, and the rules a
 * real API server applies on every write to a custom resource (pruning,
 * defaulting, schema validation, optimistic concurrency, generation, and the
 * status subresource split).
 */
export class Cluster {
  readonly store: ClusterStore;
  private readonly typesByResource = new Map<string, ResourceType>();

  constructor(
    readonly name: string,
    readonly types: ResourceType[],
    options: { initialResourceVersion?: number; historyLimit?: number } = {},
  ) {
    this.store = new ClusterStore({
      initialResourceVersion: options.initialResourceVersion ?? 1000,
      historyLimit: options.historyLimit ?? 10_000,
    });
    for (const type of types)
      this.typesByResource.set(
        `${type.group}/${type.version}/${type.plural}`,
        type,
      );
  }

  findType(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.typesByResource.get(`${group}/${version}/${plural}`);
  }

  typeOfKind(kind: string): ResourceType {
    const type = this.types.find(t => t.kind === kind);
    if (!type) throw new Error(`the cluster does not serve kind ${kind}`);
    return type;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.store.get(resourceKey(type), namespace, name);
    if (!found) throw apiErrors.notFound(type, name);
    return found;
  }

  list(type: ResourceType, options: ListOptions = {}): KubeObject[] {
    return this.store
      .list(resourceKey(type), options.namespace)
      .filter(object => this.matches(object, options));
  }

  matches(object: KubeObject, options: ListOptions): boolean {
    if (
      options.namespace !== undefined &&
      object.metadata.namespace !== options.namespace
    )
      return false;
    if (
      options.labelSelector &&
      !matchesLabels(options.labelSelector, object.metadata.labels)
    )
      return false;
    if (options.fieldSelector && !matchesFields(options.fieldSelector, object))
      return false;
    return true;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.store.subscribe(listener);
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    const object = this.checkBody(type, body);
    if (type.namespaced) {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw apiErrors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      object.metadata.namespace = namespace;
    }
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    }
    const warnings = this.prune(type, object, options);
    for (const field of SYSTEM_META_FIELDS) delete object.metadata[field];
    delete object.metadata.managedFields;
    if (type.statusSubresource) delete object.status;
    applyDefaults(object, type.schema);
    this.validate(type, object);
    if (
      this.store.get(
        resourceKey(type),
        object.metadata.namespace,
        object.metadata.name,
      )
    ) {
      throw apiErrors.alreadyExists(type, object.metadata.name);
    }
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = kubeTime();
    object.metadata.generation = 1;
    if (options.dryRun) return { object, warnings };
    return { object: this.store.put(resourceKey(type), object), warnings };
  }

  /** PUT: a full replacement, which must carry the current resourceVersion. */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    const object = this.checkBody(type, body);
    if (object.metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const existing = this.get(type, namespace, name);
    if (!object.metadata.resourceVersion) {
      throw apiErrors.resourceVersionRequired(type, name);
    }
    if (object.metadata.resourceVersion !== existing.metadata.resourceVersion) {
      throw apiErrors.conflict(type, name);
    }
    return this.replace(type, existing, object, options);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    const existing = this.get(type, namespace, name);
    let patched: unknown;
    try {
      patched =
        patchType === 'merge'
          ? applyMergePatch(existing, patch)
          : applyJsonPatch(existing, patch);
    } catch (error) {
      if (error instanceof JsonPatchError)
        throw new ApiError(422, 'Invalid', error.message);
      throw error;
    }
    if (!isJsonObject(patched) || !isJsonObject(patched.metadata)) {
      throw apiErrors.badRequest('the patch left no object metadata');
    }
    const object = patched as KubeObject;
    if (object.metadata.resourceVersion === undefined) {
      object.metadata.resourceVersion = existing.metadata.resourceVersion;
    } else if (
      object.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw apiErrors.conflict(type, name);
    }
    if (object.metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    return this.replace(type, existing, object, options);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: WriteOptions = {},
  ): KubeObject {
    const existing = this.get(type, namespace, name);
    if (options.dryRun) return existing;
    return this.store.remove(resourceKey(type), namespace, name) ?? existing;
  }

  /**
   * Reads, changes and writes an object, retrying on conflicts: what a
   * controller does. `change` may return undefined to leave it as it is.
   * Unknown fields are an error here, so a simulated controller cannot
   * write a status shape the real CRD does not have.
   */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (object: KubeObject) => KubeObject | undefined,
    subresource?: Subresource,
  ): KubeObject | undefined {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.store.get(resourceKey(type), namespace, name);
      if (!current) return undefined;
      const next = change(structuredClone(current));
      if (!next) return current;
      try {
        return this.update(type, namespace, name, next, {
          subresource,
          fieldValidation: 'Strict',
        }).object;
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 409)) throw error;
      }
    }
    throw new Error(
      `could not update ${type.kind} ${namespace}/${name}: it kept changing`,
    );
  }

  /** The shared tail of update and patch. */
  private replace(
    type: ResourceType,
    existing: KubeObject,
    incoming: KubeObject,
    options: WriteOptions,
  ): WriteResult {
    const warnings = this.prune(type, incoming, options);
    let next: KubeObject;
    if (options.subresource === 'status') {
      // A status write changes status only; everything else stays as it was.
      next = structuredClone(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
    } else {
      next = incoming;
      for (const field of [
        'uid',
        'creationTimestamp',
        'generation',
        'deletionTimestamp',
      ]) {
        if (existing.metadata[field] === undefined) delete next.metadata[field];
        else next.metadata[field] = existing.metadata[field];
      }
      next.metadata.namespace = existing.metadata.namespace;
      if (type.statusSubresource) {
        // The main resource cannot change status when a status subresource exists.
        if (existing.status === undefined) delete next.status;
        else next.status = existing.status;
      }
    }
    applyDefaults(next, type.schema);
    this.validate(type, next);
    const dropStatus = type.statusSubresource;
    if (
      !deepEqual(
        withoutMetaAndStatus(existing, dropStatus),
        withoutMetaAndStatus(next, dropStatus),
      )
    ) {
      next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (deepEqual(existing, next) || options.dryRun) {
      // A write that changes nothing is not a change: no new resourceVersion, no event.
      return { object: options.dryRun ? next : existing, warnings };
    }
    return { object: this.store.put(resourceKey(type), next), warnings };
  }

  private checkBody(type: ResourceType, body: unknown): KubeObject {
    if (!isJsonObject(body))
      throw apiErrors.badRequest('the request body must be a JSON object');
    const object = structuredClone(body) as KubeObject;
    if (object.apiVersion !== type.apiVersion || object.kind !== type.kind) {
      throw apiErrors.badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${type.apiVersion}), or the kind (${object.kind}) is not ${type.kind}`,
      );
    }
    if (!isJsonObject(object.metadata))
      object.metadata = {} as KubeObject['metadata'];
    return object;
  }

  private prune(
    type: ResourceType,
    object: KubeObject,
    options: WriteOptions,
  ): string[] {
    const pruned = pruneUnknownFields(object, type.schema);
    if (pruned.length === 0 || options.fieldValidation === 'Ignore') return [];
    if (options.fieldValidation === 'Strict') {
      throw apiErrors.badRequest(
        `strict decoding error: ${pruned
          .map(f => `unknown field "${f}"`)
          .join(', ')}`,
      );
    }
    return pruned.map(field => `unknown field "${field}"`);
  }

  private validate(type: ResourceType, object: KubeObject): void {
    const errors = [
      ...validateObjectMeta(object.metadata),
      ...validateAgainstSchema(object, type.schema),
    ];
    if (errors.length > 0)
      throw apiErrors.invalid(type, object.metadata.name ?? '', errors);
  }
}
