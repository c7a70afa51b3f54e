import { KubeApiError, KubeRestClient } from './kubeRestClient';

/** How a kind is addressed over REST. */
export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
  hasStatusSubresource: boolean;
}

/**
 * Resolves apiVersion + kind to its REST resource through the apiserver's
 * discovery documents, so apply() works for built-in kinds and CRDs alike.
 */
export class Discovery {
  private readonly cache = new Map<string, Map<string, ResourceInfo>>();

  constructor(private readonly client: KubeRestClient) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let kinds = this.cache.get(apiVersion);
    if (!kinds?.has(kind)) {
      kinds = await this.load(apiVersion);
      this.cache.set(apiVersion, kinds);
    }
    const info = kinds.get(kind);
    if (!info) {
      throw new Error(
        `the apiserver does not serve kind ${kind} in ${apiVersion} (is its CRD installed?)`,
      );
    }
    return info;
  }

  private async load(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    let list: any;
    try {
      list = await this.client.request('GET', path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) {
        return new Map();
      }
      throw error;
    }
    const kinds = new Map<string, ResourceInfo>();
    const names = new Set<string>(list.resources.map((r: any) => r.name));
    for (const resource of list.resources) {
      if (resource.name.includes('/')) continue;
      kinds.set(resource.kind, {
        plural: resource.name,
        namespaced: resource.namespaced,
        hasStatusSubresource: names.has(`${resource.name}/status`),
      });
    }
    return kinds;
  }
}

/** The REST path of an object (or of its collection when it has no name). */
export function objectPath(
  apiVersion: string,
  info: ResourceInfo,
  namespace: string | undefined,
  name?: string,
): string {
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  const scope = info.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
  return `${base}${scope}/${info.plural}${name ? `/${name}` : ''}`;
}
