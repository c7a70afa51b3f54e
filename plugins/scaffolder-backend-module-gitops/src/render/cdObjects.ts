import type { ScaffolderConfig } from '../config';
import type { AppSpec, EnvironmentSpec } from './appSpec';

/** The labels by which the GitOps tab finds the CD objects of an app. */
export const cdLabels = (spec: AppSpec, env: EnvironmentSpec) => ({
  'backstage.io/kubernetes-id': spec.name,
  'app.kubernetes.io/name': spec.name,
  environment: env.name,
});

/** The Argo CD Application of one environment: auto-synced, prune and self-heal. */
export function argocdApplication(
  spec: AppSpec,
  env: EnvironmentSpec,
  overlayPath: string,
  config: ScaffolderConfig,
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${spec.name}-${env.name}`,
      namespace: config.argocd.namespace,
      labels: cdLabels(spec, env),
    },
    spec: {
      project: config.argocd.project,
      source: {
        repoURL: spec.repoUrl,
        path: overlayPath,
        targetRevision: spec.branch,
      },
      destination: {
        server: config.argocd.destinationServer,
        namespace: spec.namespace,
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

/** The GitRepository already watching the repository, if config names one. */
export function existingFluxSource(spec: AppSpec, config: ScaffolderConfig) {
  const normalise = (url: string) =>
    url
      .replace(/\.git$/, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  return config.flux.sources.find(
    source => normalise(source.url) === normalise(spec.repoUrl),
  );
}

export function fluxGitRepository(
  spec: AppSpec,
  env: EnvironmentSpec,
  config: ScaffolderConfig,
) {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: {
      name: spec.name,
      namespace: config.flux.namespace,
      labels: cdLabels(spec, env),
    },
    spec: {
      interval: '1m',
      url: spec.repoUrl,
      ref: { branch: spec.branch },
    },
  };
}

export function fluxKustomization(
  spec: AppSpec,
  env: EnvironmentSpec,
  overlayPath: string,
  source: { name: string; namespace: string },
  config: ScaffolderConfig,
) {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: `${spec.name}-${env.name}`,
      namespace: config.flux.namespace,
      labels: cdLabels(spec, env),
    },
    spec: {
      interval: '5m',
      path: `./${overlayPath}`,
      prune: true,
      sourceRef: {
        kind: 'GitRepository',
        name: source.name,
        ...(source.namespace !== config.flux.namespace && {
          namespace: source.namespace,
        }),
      },
      targetNamespace: spec.namespace,
    },
  };
}
