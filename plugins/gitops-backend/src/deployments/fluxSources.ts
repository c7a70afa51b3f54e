import type { KubeObject } from '../cluster/kubeObject';
import type { BuildContext } from './buildContext';

/** The Flux source object a Kustomization or HelmRelease reads from. */
export interface FluxSource {
  kind: 'GitRepository' | 'OCIRepository' | string;
  object?: KubeObject;
  namespace: string;
  name: string;
}

const KIND_IDS = {
  GitRepository: 'flux-gitrepository',
  OCIRepository: 'flux-ocirepository',
} as const;

export function findFluxSource(
  ctx: BuildContext,
  ref: { kind: string; name: string; namespace?: string } | undefined,
  defaultNamespace: string,
): FluxSource | undefined {
  if (!ref) return undefined;
  const namespace = ref.namespace ?? defaultNamespace;
  const id = KIND_IDS[ref.kind as keyof typeof KIND_IDS];
  return {
    kind: ref.kind,
    namespace,
    name: ref.name,
    object: id
      ? ctx.index.get(ctx.cluster, id, namespace, ref.name)
      : undefined,
  };
}

/** The ref a GitRepository tracks, most specific first. */
export function gitRepositoryRef(repo: KubeObject): string {
  const ref = repo.spec?.ref ?? {};
  if (ref.commit) return ref.commit;
  if (ref.name) return ref.name;
  if (ref.tag) return ref.tag;
  if (ref.semver) {
    // A semver range resolves to whatever tag the controller picked.
    const artifact: string | undefined = repo.status?.artifact?.revision;
    return artifact?.split('@')[0] || 'HEAD';
  }
  return ref.branch ?? 'HEAD';
}
