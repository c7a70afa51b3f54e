import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import { parseRepoUrl } from '../git/repoUrl';
import { fileTouches } from '../git/commitIndex/CommitLine';
import { normalizeGitPath } from '../git/refs';
import { resourceKey, type IndexedResource } from './ResourceMatcher';

/** The inputs of a deployment view besides its own CR and cluster. */
export interface ViewDependencies {
  /** Repository keys (credentials stripped) of its Git sources. */
  repoKeys: string[];
  /** Resource keys of the Flux sources it reads. */
  sourceKeys: string[];
}

const FLUX_SOURCE_KINDS: Record<string, string> = {
  GitRepository: 'flux-gitrepository',
  OCIRepository: 'flux-ocirepository',
};

function fluxSourceKey(
  cluster: string,
  ref: { kind?: string; name?: string; namespace?: string } | undefined,
  defaultNamespace: string,
): string[] {
  const kind = ref?.kind && FLUX_SOURCE_KINDS[ref.kind];
  if (!kind || !ref?.name) return [];
  return [
    resourceKey(cluster, kind, ref.namespace ?? defaultNamespace, ref.name),
  ];
}

/**
 * What a built deployment depends on: the repositories of its Git sources
 * (from the answer itself, so every source a builder followed counts) and,
 * for Flux, the source object named in its spec.
 */
export function dependenciesOf(
  resource: IndexedResource,
  object: KubeObject,
  deployment: Deployment,
): ViewDependencies {
  const repoKeys = new Set<string>();
  for (const source of deployment.sources) {
    if (source.type !== 'git' || !source.repoURL) continue;
    try {
      repoKeys.add(parseRepoUrl(source.repoURL).key);
    } catch {
      // A URL no provider can read has no commits to wait for.
    }
  }
  const sourceKeys: string[] = [];
  if (resource.kind === 'flux-kustomization') {
    sourceKeys.push(
      ...fluxSourceKey(
        resource.cluster,
        object.spec?.sourceRef,
        resource.namespace,
      ),
    );
  } else if (resource.kind === 'flux-helmrelease') {
    sourceKeys.push(
      ...fluxSourceKey(
        resource.cluster,
        object.spec?.chart?.spec?.sourceRef ?? object.spec?.chartRef,
        resource.namespace,
      ),
    );
  }
  return { repoKeys: [...repoKeys], sourceKeys };
}

/**
 * The build lane of a deployment not built yet, from its CR: the
 * repository of an Argo CD Application's first source, or the Flux source
 * object a Kustomization or HelmRelease reads.
 */
export function laneOfObject(
  resource: IndexedResource,
  object: KubeObject,
): string | undefined {
  if (resource.kind === 'argocd-application') {
    const repoURL =
      object.spec?.source?.repoURL ?? object.spec?.sources?.[0]?.repoURL;
    if (typeof repoURL !== 'string') return undefined;
    try {
      return parseRepoUrl(repoURL).key;
    } catch {
      return undefined;
    }
  }
  const ref =
    resource.kind === 'flux-kustomization'
      ? object.spec?.sourceRef
      : object.spec?.chart?.spec?.sourceRef ?? object.spec?.chartRef;
  return fluxSourceKey(resource.cluster, ref, resource.namespace)[0];
}

/**
 * Whether changed files of a repository touch a built deployment's render
 * inputs (or, without inputs, its path) in that repository.
 */
export function touchedBy(
  deployment: Deployment,
  repoKey: string,
  files: readonly string[],
): boolean {
  for (const source of deployment.sources) {
    if (source.type !== 'git' || !source.repoURL) continue;
    let inputs: string[];
    try {
      if (parseRepoUrl(source.repoURL).key !== repoKey) continue;
      inputs = source.renderInputs?.paths ?? [normalizeGitPath(source.path)];
    } catch {
      continue; // A URL or path no provider reads: nothing to touch.
    }
    if (files.some(file => fileTouches(file, inputs))) return true;
  }
  return false;
}
