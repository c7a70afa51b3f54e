import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  ActionCreateRequest,
  ActionListResponse,
  ActionPermissionsResponse,
  ActionPreviewRequest,
  ActionPreviewResponse,
  ActionRecordResponse,
  ClustersResponse,
  EntityDeploymentsResponse,
  EntityHistoryResponse,
  EntityMetricsResponse,
  FleetMetricsResponse,
  FleetQuery,
  FleetResponse,
  GitOpsHealthResponse,
  LedgerResponse,
  MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';
import { ActionRequestError } from './ActionRequestError';
import type { GitOpsApi, LedgerQuery } from './GitOpsApi';
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

  async getEntityLedger(
    entityRef: string | CompoundEntityRef,
    options: LedgerQuery = {},
  ): Promise<LedgerResponse> {
    const params = new URLSearchParams();
    for (const key of ['environment', 'from', 'to', 'cursor'] as const) {
      if (options[key]) params.set(key, options[key]!);
    }
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    return this.get(`${entityPath(entityRef)}/ledger`, params);
  }

  async getEntityMetrics(
    entityRef: string | CompoundEntityRef,
    windowDays: MetricWindowDays,
  ): Promise<EntityMetricsResponse> {
    const params = new URLSearchParams({ window: String(windowDays) });
    return this.get(`${entityPath(entityRef)}/metrics`, params);
  }

  async getFleetMetrics(
    windowDays: MetricWindowDays,
    query: FleetQuery = {},
  ): Promise<FleetMetricsResponse> {
    // Sort and paging mean nothing for per-team figures.
    const { sort: _s, order: _o, limit: _l, offset: _f, ...filters } = query;
    const params = fleetQueryToSearchParams(filters);
    params.set('window', String(windowDays));
    return this.get('/metrics', params);
  }

  async getClusters(): Promise<ClustersResponse> {
    return this.get('/clusters');
  }

  async queryFleet(query: FleetQuery = {}): Promise<FleetResponse> {
    return this.get('/deployments', fleetQueryToSearchParams(query));
  }

  async previewAction(
    entityRef: string | CompoundEntityRef,
    request: ActionPreviewRequest,
  ): Promise<ActionPreviewResponse> {
    return this.post(`${entityPath(entityRef)}/actions/preview`, request);
  }

  async createAction(
    entityRef: string | CompoundEntityRef,
    request: ActionCreateRequest,
  ): Promise<ActionRecordResponse> {
    return this.post(`${entityPath(entityRef)}/actions`, request);
  }

  async listActions(
    entityRef: string | CompoundEntityRef,
    options: { deploymentId?: string; limit?: number; cursor?: string } = {},
  ): Promise<ActionListResponse> {
    const params = new URLSearchParams();
    if (options.deploymentId) params.set('deploymentId', options.deploymentId);
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (options.cursor) params.set('cursor', options.cursor);
    return this.get(`${entityPath(entityRef)}/actions`, params, true);
  }

  async getAction(id: string): Promise<ActionRecordResponse> {
    return this.get(`/actions/${encodeURIComponent(id)}`, undefined, true);
  }

  async getActionPermissions(
    entityRef: string | CompoundEntityRef,
  ): Promise<ActionPermissionsResponse> {
    return this.get(
      `${entityPath(entityRef)}/actions/permissions`,
      undefined,
      true,
    );
  }

  /** Writes are never shared or retried: each call is one request. */
  private async post<T>(path: string, body: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await ActionRequestError.fromResponse(response);
    return (await response.json()) as T;
  }

  private async get<T>(
    path: string,
    params?: URLSearchParams,
    actionErrors = false,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const search = params && encodeSearchParams(params);
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    const pending = this.inFlight.get(url);
    if (pending) return pending as Promise<T>;

    const request = (async () => {
      const response = await this.fetchApi.fetch(url);
      if (!response.ok) {
        throw actionErrors
          ? await ActionRequestError.fromResponse(response)
          : await responseError(response);
      }
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
