/** A caller of the benchmark backend with the static external-access token. */
export class BenchApi {
  constructor(readonly baseUrl: string, readonly token: string) {}

  get headers() {
    return { authorization: `Bearer ${this.token}` };
  }

  async get<T = any>(path: string, timeoutMs = 60_000): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: this.headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      throw new Error(
        `GET ${path}: ${response.status} ${(await response.text()).slice(
          0,
          300,
        )}`,
      );
    }
    return (await response.json()) as T;
  }

  async post<T = any>(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    timeoutMs = 60_000,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...this.headers,
        'content-type': 'application/json',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      throw new Error(
        `POST ${path}: ${response.status} ${(await response.text()).slice(
          0,
          300,
        )}`,
      );
    }
    return (await response.json()) as T;
  }
}

export const entityDeploymentsPath = (name: string) =>
  `/api/gitops/entities/default/component/${name}/deployments`;

export const KUBERNETES_QUERY_PATH = '/api/kubernetes/resources/custom/query';

/** The Kubernetes plugin's query for the same kinds the GitOps plugin shows. */
export const kubernetesQueryBody = (name: string) =>
  JSON.stringify({
    entityRef: `component:default/${name}`,
    auth: {},
    customResources: [
      { group: 'argoproj.io', apiVersion: 'v1alpha1', plural: 'applications' },
      {
        group: 'kustomize.toolkit.fluxcd.io',
        apiVersion: 'v1',
        plural: 'kustomizations',
      },
    ],
  });
