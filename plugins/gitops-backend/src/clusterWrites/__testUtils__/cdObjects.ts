/**
 * The smallest valid CD objects for the cluster-action tests: what the
 * official CRDs require, and the fields an action reads (sources, suspend).
 */
export function application(namespace: string, name: string, extra = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { namespace, name },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/acme/deploy.git',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace },
      ...extra,
    },
  };
}

export function gitRepository(namespace: string, name: string) {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { namespace, name },
    spec: {
      url: 'https://git.example.com/acme/deploy.git',
      interval: '5m',
      ref: { branch: 'main' },
    },
  };
}

export function ociRepository(namespace: string, name: string) {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'OCIRepository',
    metadata: { namespace, name },
    spec: { url: 'oci://registry.example.com/charts/shop', interval: '5m' },
  };
}

export function helmRepository(namespace: string, name: string) {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { namespace, name },
    spec: { url: 'https://charts.example.com', interval: '10m' },
  };
}

export function kustomization(
  namespace: string,
  name: string,
  sourceRef: { kind: string; name: string; namespace?: string },
) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { namespace, name },
    spec: { interval: '10m', prune: true, path: `./apps/${name}`, sourceRef },
  };
}

/** From a chart template (`spec.chart.spec.sourceRef`) or a `chartRef`. */
export function helmRelease(
  namespace: string,
  name: string,
  from:
    | { chartRef: { kind: string; name: string; namespace?: string } }
    | { sourceRef: { kind: string; name: string; namespace?: string } },
) {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { namespace, name },
    spec: {
      interval: '10m',
      ...('chartRef' in from
        ? { chartRef: from.chartRef }
        : { chart: { spec: { chart: name, sourceRef: from.sourceRef } } }),
    },
  };
}
