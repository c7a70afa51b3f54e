import path from 'node:path/posix';
import yaml from 'js-yaml';
import { GitRepositories, gitPath } from '../git/gitRepositories';

/** A Kubernetes object a GitOps tool applies, as Argo CD and Flux list them. */
export interface RenderedResource {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The file in the repository it comes from. */
  file: string;
}

interface KustomizationFile {
  namespace?: string;
  resources?: string[];
}

/**
 * The directories a kustomize path reads: itself and, recursively, the
 * bases its kustomization.yaml lists. A change under any of them changes
 * what the tool renders.
 */
export async function kustomizeInputs(
  git: GitRepositories,
  repository: string,
  revision: string,
  crPath: string | undefined,
): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (dir: string, depth: number) => {
    if (seen.has(dir) || depth > 5) return;
    seen.add(dir);
    const text = await git.readFile(
      repository,
      revision,
      `${dir === '.' ? '' : `${dir}/`}kustomization.yaml`,
    );
    const file = text ? (yaml.load(text) as KustomizationFile) : undefined;
    for (const entry of file?.resources ?? []) {
      if (!/\.ya?ml$/.test(entry))
        await visit(path.normalize(path.join(dir, entry)), depth + 1);
    }
  };
  await visit(gitPath(crPath), 0);
  return [...seen];
}

/**
 * The objects a kustomize path renders, by name: enough to list an
 * application's resources the way Argo CD's status and Flux's inventory do,
 * without running kustomize.
 */
export async function renderedResources(
  git: GitRepositories,
  repository: string,
  revision: string,
  crPath: string | undefined,
  defaultNamespace?: string,
): Promise<RenderedResource[]> {
  const resources: RenderedResource[] = [];
  const visit = async (
    dir: string,
    namespace: string | undefined,
    depth: number,
  ) => {
    if (depth > 5) return;
    const prefix = dir === '.' ? '' : `${dir}/`;
    const text = await git.readFile(
      repository,
      revision,
      `${prefix}kustomization.yaml`,
    );
    if (!text) return;
    const file = yaml.load(text) as KustomizationFile;
    const ns = file.namespace ?? namespace;
    for (const entry of file.resources ?? []) {
      if (!/\.ya?ml$/.test(entry)) {
        await visit(path.normalize(path.join(dir, entry)), ns, depth + 1);
        continue;
      }
      const manifestFile = path.normalize(`${prefix}${entry}`);
      const manifest = await git.readFile(repository, revision, manifestFile);
      for (const doc of yaml.loadAll(manifest ?? '') as Array<Record<
        string,
        any
      > | null>) {
        if (!doc?.kind || !doc?.metadata?.name) continue;
        const [group, version] = String(doc.apiVersion).includes('/')
          ? String(doc.apiVersion).split('/')
          : ['', doc.apiVersion];
        resources.push({
          group,
          version,
          kind: doc.kind,
          namespace: doc.metadata.namespace ?? ns,
          name: doc.metadata.name,
          file: manifestFile,
        });
      }
    }
  };
  await visit(gitPath(crPath), defaultNamespace, 0);
  return resources;
}
