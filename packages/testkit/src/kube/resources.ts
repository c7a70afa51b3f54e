import { Discovery, objectPath } from './discovery';
import { KubeApiError, KubeRestClient } from './kubeRestClient';

/** Any Kubernetes object: apiVersion, kind and metadata.name at least. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: any };
  [key: string]: any;
}

/** An object as the apiserver returns it, with the metadata it assigns. */
export type StoredObject<T extends KubeObject> = T & {
  metadata: T['metadata'] & {
    uid: string;
    resourceVersion: string;
    generation?: number;
    creationTimestamp: string;
  };
};

const APPLY = 'application/apply-patch+yaml';
// Two field managers, like a user and a controller: apply() never removes
// a status that setStatus() wrote, even where status lives in the object.
const SPEC_MANAGER = 'testkit';
const STATUS_MANAGER = 'testkit-controller';

/** Create/update/delete objects of any kind with server-side apply. */
export class KubeResources {
  private readonly discovery: Discovery;

  constructor(private readonly client: KubeRestClient) {
    this.discovery = new Discovery(client);
  }

  private async pathOf(obj: KubeObject) {
    if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new Error(
        'a Kubernetes object needs apiVersion, kind and metadata.name',
      );
    }
    const info = await this.discovery.resolve(obj.apiVersion, obj.kind);
    return {
      info,
      path: objectPath(
        obj.apiVersion,
        info,
        obj.metadata.namespace,
        obj.metadata.name,
      ),
    };
  }

  /**
   * Creates or updates `obj` (server-side apply, forced). On kinds with a
   * status subresource the apiserver ignores `status` here; use setStatus().
   */
  async apply<T extends KubeObject>(obj: T): Promise<StoredObject<T>> {
    const { path } = await this.pathOf(obj);
    return this.client.request(
      'PATCH',
      `${path}?fieldManager=${SPEC_MANAGER}&force=true`,
      obj,
      APPLY,
    );
  }

  /**
   * Writes what a controller writes. Through the status subresource where the
   * kind has one (the Flux kinds); otherwise (Argo CD's Application) `status`
   * and `operation` go with the object itself, as Argo CD does.
   *
   * The status is replaced as a whole. `operation: null` removes a pending
   * operation (what Argo CD does when the operation finishes); leaving the
   * key out keeps whatever operation a user requested with apply().
   */
  async setStatus<T extends KubeObject>(obj: T): Promise<StoredObject<T>> {
    const { info, path } = await this.pathOf(obj);
    const { apiVersion, kind, metadata } = obj;
    const identity = {
      apiVersion,
      kind,
      metadata: { name: metadata.name, namespace: metadata.namespace },
    };
    if (info.hasStatusSubresource) {
      return this.client.request(
        'PATCH',
        `${path}/status?fieldManager=${STATUS_MANAGER}&force=true`,
        { ...identity, status: obj.status },
        APPLY,
      );
    }
    const body: KubeObject = { ...identity, status: obj.status };
    const clearsOperation =
      'operation' in obj &&
      (obj.operation === null || obj.operation === undefined);
    if ('operation' in obj && !clearsOperation) body.operation = obj.operation;
    let result = await this.client.request(
      'PATCH',
      `${path}?fieldManager=${STATUS_MANAGER}&force=true`,
      body,
      APPLY,
    );
    if (clearsOperation && result.operation) {
      // Argo CD drops the finished operation whoever requested it; a merge
      // patch removes it regardless of which field manager owns it.
      result = await this.client.request(
        'PATCH',
        path,
        { operation: null },
        'application/merge-patch+json',
      );
    }
    return result;
  }

  /** Reads the current object, or undefined when it does not exist. */
  async get<T extends KubeObject>(obj: KubeObject): Promise<T | undefined> {
    const { path } = await this.pathOf(obj);
    try {
      return await this.client.request('GET', path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404)
        return undefined;
      throw error;
    }
  }

  /** Deletes the object; a missing object is not an error. */
  async delete(obj: KubeObject): Promise<void> {
    const { path } = await this.pathOf(obj);
    try {
      await this.client.request('DELETE', path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return;
      throw error;
    }
  }
}
