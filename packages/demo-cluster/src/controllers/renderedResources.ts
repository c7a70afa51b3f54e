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

/** One object of a rendered path, with its whole manifest. */
export interface RenderedManifest extends RenderedResource {
  manifest: Record<string, any>;
}

const isManifestFile = (file: string) => /\.ya?ml$/.test(file);

/**
 * The objects a path renders, with their manifests: a kustomize path's
 * resources (and, recursively, its bases), or, for a plain directory with no
 * kustomization.yaml, every YAML file in it (below it too with `recursive`,
 * as Flux does; Argo CD reads one level unless told to recurse). Enough for
 * the demo without running kustomize: patches and generators are not applied.
 */
export async function renderedManifests(
  git: GitRepositories,
  repository: string,
  revision: string,
  crPath: string | undefined,
  defaultNamespace?: string,
  options: { recursive?: boolean } = {},
): Promise<RenderedManifest[]> {
  const resources: RenderedManifest[] = [];
  const readManifests = async (file: string, ns: string | undefined) => {
    const manifest = await git.readFile(repository, revision, file);
    let docs: unknown[];
    try {
      docs = yaml.loadAll(manifest ?? '');
    } catch (error) {
      throw new Error(`${file}: not YAML: ${(error as Error).message}`);
    }
    for (const doc of docs as Array<Record<string, any> | null>) {
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
        file,
        manifest: doc,
      });
    }
  };
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
    if (!text) {
      if (depth > 0) return;
      const files = await git.listFiles(
        repository,
        revision,
        dir,
        options.recursive,
      );
      for (const file of files.filter(isManifestFile).sort())
        await readManifests(file, namespace);
      return;
    }
    const file = yaml.load(text) as KustomizationFile;
    const ns = file.namespace ?? namespace;
    for (const entry of file.resources ?? []) {
      if (!isManifestFile(entry)) {
        await visit(path.normalize(path.join(dir, entry)), ns, depth + 1);
        continue;
      }
      await readManifests(path.normalize(`${prefix}${entry}`), ns);
    }
  };
  await visit(gitPath(crPath), defaultNamespace, 0);
  return resources;
}

/**
 * The objects a path renders, by name: enough to list an application's
 * resources the way Argo CD's status and Flux's inventory do.
 */
export async function renderedResources(
  git: GitRepositories,
  repository: string,
  revision: string,
  crPath: string | undefined,
  defaultNamespace?: string,
  options: { recursive?: boolean } = {},
): Promise<RenderedResource[]> {
  const manifests = await renderedManifests(
    git,
    repository,
    revision,
    crPath,
    defaultNamespace,
    options,
  );
  return manifests.map(({ manifest: _manifest, ...resource }) => resource);
}
