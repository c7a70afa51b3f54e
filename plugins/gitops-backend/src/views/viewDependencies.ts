import type {
  CommitSummary,
  Deployment,
  DeploymentSource,
} from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import type { RepositoryChange } from '../git/commitIndex/CommitIndex';
import { parseRepoUrl } from '../git/repoUrl';
import { fileTouches } from '../git/commitIndex/CommitLine';
import { normalizeGitPath } from '../git/refs';
import type { WatchedRepositories } from '../deployments/GitWatch';
import { watchedRepositoriesOf } from './deploymentBuilder';
import { resourceKey, type IndexedResource } from './ResourceMatcher';

/** The inputs of a deployment view besides its own CR and cluster. */
export interface ViewDependencies {
  /** Repository keys (credentials stripped) of its Git sources. */
  repoKeys: string[];
  /** Resource keys of the Flux sources it reads. */
  sourceKeys: string[];
  /**
   * What the build read from each repository (the files whose change can
   * change the view, or any change); absent for a deployment built without
   * that record, which every change of its repositories rebuilds.
   */
  watched?: WatchedRepositories;
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
  const watched = watchedRepositoriesOf(deployment);
  return {
    repoKeys: [...repoKeys],
    sourceKeys,
    ...(watched && { watched }),
  };
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

/** A repository change as views test it: the commits as a set, made once. */
export interface ViewChange {
  paths?: readonly string[];
  commits?: ReadonlySet<string>;
}

/** The change in the form every view of the repository is tested with. */
export function viewChangeOf(
  change: RepositoryChange | undefined,
): ViewChange | undefined {
  if (!change) return undefined;
  return {
    paths: change.paths,
    ...(change.commits && { commits: new Set(change.commits) }),
  };
}

/**
 * What a change of a repository means for a built view: `urgent` when new
 * commits touch its render inputs (the answer a person who pushed waits
 * for), `background` when the change may alter it otherwise, `none` when
 * the view read nothing there that the change can alter. A CI change
 * concerns the views showing one of its commits. Without files or commits
 * (a rewritten branch, a staleness change) every view is rebuilt.
 */
export function repositoryChangeFor(
  deployment: Deployment | undefined,
  deps: ViewDependencies,
  repoKey: string,
  change: ViewChange | undefined,
): 'urgent' | 'background' | 'none' {
  if (!deployment) return 'background';
  if (change?.commits) {
    return showsAnyOf(deployment, change.commits) ? 'background' : 'none';
  }
  const paths = change?.paths;
  if (!paths) return 'background';
  if (touchedBy(deployment, repoKey, paths)) return 'urgent';
  if (!deps.watched) return 'background';
  const watched = deps.watched.get(repoKey);
  if (watched === undefined) return 'none';
  if (watched === 'any') return 'background';
  return paths.some(file => fileTouches(file, watched)) ? 'urgent' : 'none';
}

/** Whether the deployment shows one of the commits (where CI states go). */
export function showsAnyOf(
  deployment: Deployment,
  shas: ReadonlySet<string>,
): boolean {
  const shown = (c: CommitSummary | undefined) => Boolean(c && shas.has(c.sha));
  const inSource = (s: DeploymentSource | undefined) =>
    Boolean(s && (shown(s.lastChange) || s.pendingCommits.some(shown)));
  return (
    shown(deployment.deployedCommit) ||
    shown(deployment.lastChange) ||
    deployment.pendingCommits.some(shown) ||
    inSource(deployment.source) ||
    deployment.sources.some(inSource) ||
    deployment.history.some(h => shown(h.commit))
  );
}
