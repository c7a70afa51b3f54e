import { startKubeApiServer, KubeApiServer } from '../api/kubeApiServer';
import { loadResourceTypes } from '../crd/loadCrds';
import { ResourceType } from '../crd/resourceType';
import { Cluster } from '../store/cluster';

let types: ResourceType[] | undefined;

/** The served types, parsed once per test file. */
export function demoTypes(): ResourceType[] {
  types ??= loadResourceTypes();
  return types;
}

/** An API server with one empty cluster `test`, over plain HTTP on a free port. */
export async function startApiFixture(
  options: { historyLimit?: number; bookmarkIntervalMs?: number } = {},
) {
  const cluster = new Cluster('test', demoTypes(), {
    historyLimit: options.historyLimit,
  });
  const server: KubeApiServer = await startKubeApiServer({
    clusters: [cluster],
    bookmarkIntervalMs: options.bookmarkIntervalMs,
  });
  const base = server.clusterUrl('test');
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    {
      token = 'demo-token',
      contentType = 'application/json',
    }: { token?: string | null; contentType?: string } = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': contentType } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, body: json, headers: response.headers };
  };
  return { cluster, server, base, call };
}

export const KUSTOMIZATIONS =
  '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
export const APPLICATIONS =
  '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

export function kustomization(
  name: string,
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, labels: { 'backstage.io/kubernetes-id': name } },
    spec: {
      interval: '5m',
      path: './apps',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'repo' },
    },
    ...extra,
  };
}

export function application(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, labels },
    spec: {
      project: 'default',
      source: {
        repoURL: 'http://127.0.0.1/repo.git',
        path: 'apps',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'default',
      },
    },
  };
}
