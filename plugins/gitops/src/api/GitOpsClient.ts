import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GitOpsHealthResponse } from '@gitops-console/plugin-gitops-common';
import type { GitOpsApi } from './GitOpsApi';

/**
 * The default {@link GitOpsApi}: calls the `gitops` backend plugin with the
 * signed-in user's credentials.
 *
 * @public
 */
export class GitOpsClient implements GitOpsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<GitOpsHealthResponse> {
    return this.get<GitOpsHealthResponse>('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
