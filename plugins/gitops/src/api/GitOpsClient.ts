import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
  EntityHistoryResponse,
  FleetQuery,
  FleetResponse,
  GitOpsHealthResponse,
} from '@gitops-console/plugin-gitops-common';
import type { GitOpsApi } from './GitOpsApi';
import {
  encodeSearchParams,
  fleetQueryToSearchParams,
} from './fleetQueryToSearchParams';

function entityPath(entityRef: string | CompoundEntityRef): string {
  const { kind, namespace, name } =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  return ['/entities', namespace, kind, name]
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join('/');
}

/**
 * A ResponseError whose message also carries the server's own explanation,
 * so that anything displaying `error.message` tells the user what is wrong.
 */
async function responseError(response: Response): Promise<ResponseError> {
  const error = await ResponseError.fromResponse(response);
  const reason = error.cause?.message;
  if (reason && !error.message.includes(reason)) {
    error.message = `${error.message}: ${reason}`;
  }
  return error;
}

/**
 * The default {@link GitOpsApi}: calls the `gitops` backend plugin with the
 * signed-in user's credentials.
 *
 * @public
 */
export class GitOpsClient implements GitOpsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  /** GETs in flight, so cards on one page that ask the same share a request. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<GitOpsHealthResponse> {
    return this.get('/health');
  }

  async getEntityDeployments(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityDeploymentsResponse> {
    return this.get(`${entityPath(entityRef)}/deployments`);
  }

  async getEntityHistory(
    entityRef: string | CompoundEntityRef,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<EntityHistoryResponse> {
    const params = new URLSearchParams();
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (options.cursor) params.set('cursor', options.cursor);
    return this.get(`${entityPath(entityRef)}/history`, params);
  }

  async getClusters(): Promise<ClustersResponse> {
    return this.get('/clusters');
  }

  async queryFleet(query: FleetQuery = {}): Promise<FleetResponse> {
    return this.get('/deployments', fleetQueryToSearchParams(query));
  }

  private async get<T>(path: string, params?: URLSearchParams): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const search = params && encodeSearchParams(params);
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    const pending = this.inFlight.get(url);
    if (pending) return pending as Promise<T>;

    const request = (async () => {
      const response = await this.fetchApi.fetch(url);
      if (!response.ok) throw await responseError(response);
      return (await response.json()) as T;
    })();
    this.inFlight.set(url, request);
    try {
      return await request;
    } finally {
      this.inFlight.delete(url);
    }
  }
}
