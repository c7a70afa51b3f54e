import { GITOPS_ANNOTATIONS } from '@gitops-console/plugin-gitops-common';
import type { ScaffolderConfig } from '../config';
import type { AppSpec } from './appSpec';

/**
 * The Component entity of the new app. Its annotations are the ones the
 * GitOps tab's locator reads: Argo CD apps by name, Flux objects by the
 * `backstage.io/kubernetes-id` label the CD objects carry.
 */
export function catalogInfo(spec: AppSpec, config: ScaffolderConfig) {
  const environments = spec.environments.map(env => env.name);
  const annotations: Record<string, string> = {
    [GITOPS_ANNOTATIONS.environments]: environments.join(','),
  };
  if (spec.cdTool === 'argocd') {
    annotations[GITOPS_ANNOTATIONS.argocdAppName] = environments
      .map(env => `${spec.name}-${env}`)
      .join(',');
    annotations[GITOPS_ANNOTATIONS.argocdAppNamespace] =
      config.argocd.namespace;
  } else {
    annotations[GITOPS_ANNOTATIONS.kubernetesId] = spec.name;
    annotations[GITOPS_ANNOTATIONS.kubernetesNamespace] = config.flux.namespace;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: spec.name,
      ...(spec.description && { description: spec.description }),
      annotations,
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: spec.owner,
      ...(spec.system && { system: spec.system }),
    },
  };
}
