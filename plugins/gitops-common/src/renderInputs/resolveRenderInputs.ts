import { load } from 'js-yaml';
import type { RenderInputs } from '../model/deployment';
import { InputCollector } from './collectInputs';
import {
  kustomizationReferences,
  type KustomizationReference,
} from './kustomizationReferences';
import { classifyReference, redactReference } from './references';
import { joinRepoPath, normaliseRepoPath } from './repoPaths';
import type { RepoTreeReader } from './types';

/**
 * The names kustomize looks for in a folder, in its order.
 *
 * @public
 */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

const DEFAULT_MAX_FILES = 200;
/** Deeper chains of bases than this are not followed. */
const MAX_DEPTH = 32;
/** Where Argo CD `helm.valueFiles` are named, for `external[].from`. */
const VALUE_FILES_FIELD = 'spec.source.helm.valueFiles';

interface Pending {
  dir: string;
  depth: number;
  /** The kustomization file that referenced it. */
  from: string;
}

/**
 * The render inputs of a deployment at one revision: its path, plus every
 * local folder and file its kustomization files reference, followed
 * transitively inside the repository, plus the given Helm value files.
 *
 * References that cannot be followed (remote, absolute, leaving the
 * repository, unreadable files, past the bounds) are listed in `external`;
 * a malformed kustomization file never throws. Errors of the reader are
 * passed on, so that a partial answer is never cached as complete.
 *
 * @public
 */
export async function resolveRenderInputs(options: {
  /** The deployment's path, repository-relative ('' = the root). */
  path: string;
  reader: RepoTreeReader;
  /** Argo CD `source.helm.valueFiles` relative to `path`, in the same repository. */
  helmValueFiles?: string[];
  /** Bound on the kustomization files read (default 200). */
  maxFiles?: number;
}): Promise<RenderInputs> {
  const { reader, helmValueFiles = [], maxFiles = DEFAULT_MAX_FILES } = options;
  const root = normaliseRepoPath(options.path);
  if (root === undefined) {
    return {
      paths: [],
      external: [
        {
          reference: redactReference(options.path),
          from: '',
          reason: 'the deployment path leaves the repository',
        },
      ],
    };
  }
  const inputs = new InputCollector(root);
  addHelmValueFiles(inputs, root, helmValueFiles);

  const rootKind = root === '' ? 'dir' : await reader.stat(root);
  const queue: Pending[] =
    rootKind === 'dir' ? [{ dir: root, depth: 0, from: '' }] : [];
  const visited = new Set<string>();
  let filesRead = 0;
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (visited.has(next.dir)) continue;
    visited.add(next.dir);
    if (next.depth > MAX_DEPTH || filesRead >= maxFiles) {
      inputs.addExternal({
        reference: next.dir,
        from: next.from,
        reason:
          next.depth > MAX_DEPTH
            ? `not followed: more than ${MAX_DEPTH} levels of kustomization references`
            : `not followed: more than ${maxFiles} kustomization files`,
      });
      continue;
    }
    const found = await readKustomization(reader, next.dir);
    if (!found) continue;
    filesRead++;
    const followed = await followFile(reader, inputs, next.dir, found);
    for (const dir of followed) {
      queue.push({ dir, depth: next.depth + 1, from: found.file });
    }
  }
  return inputs.result();
}

async function readKustomization(
  reader: RepoTreeReader,
  dir: string,
): Promise<{ file: string; text: string } | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = dir ? `${dir}/${name}` : name;
    const text = await reader.readFile(file);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/**
 * Lists what one kustomization file references and returns the folders to
 * read next.
 */
async function followFile(
  reader: RepoTreeReader,
  inputs: InputCollector,
  dir: string,
  { file, text }: { file: string; text: string },
): Promise<string[]> {
  const unreadable = (why: string) =>
    inputs.addExternal({
      reference: file,
      from: file,
      reason: `unreadable kustomization file: ${why}`,
    });
  let doc: unknown;
  try {
    doc = load(text, { filename: file });
  } catch (error) {
    unreadable(yamlErrorMessage(error));
    return [];
  }
  if (doc === undefined || doc === null) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    unreadable('it is not a YAML mapping');
    return [];
  }
  const found = kustomizationReferences(doc as Record<string, unknown>);
  found.problems.forEach(unreadable);
  for (const { repo, chart } of found.remoteCharts) {
    inputs.addExternal({
      reference: redactReference(repo),
      from: file,
      reason: `Helm chart ${chart} from a remote repository`,
    });
  }
  const targets = await Promise.all(
    found.references.map(reference => locate(reader, dir, reference)),
  );
  const toFollow: string[] = [];
  found.references.forEach((reference, i) => {
    const target = targets[i];
    if ('reason' in target) {
      inputs.addExternal({
        reference: redactReference(reference.value),
        from: file,
        reason: target.reason,
      });
      return;
    }
    if (reference.optional && target.kind === undefined) return;
    inputs.addPath(target.path);
    if (reference.follow && target.kind === 'dir') toFollow.push(target.path);
  });
  return toFollow;
}

type Located =
  | { path: string; kind: 'file' | 'dir' | undefined }
  | { reason: string };

async function locate(
  reader: RepoTreeReader,
  dir: string,
  reference: KustomizationReference,
): Promise<Located> {
  const kind = classifyReference(reference.value);
  if (kind.kind === 'external') return { reason: kind.reason };
  const path = joinRepoPath(dir, reference.value);
  if (path === undefined) return { reason: 'it leaves the repository' };
  const found = await reader.stat(path);
  // kustomize tries a local path first, then a remote one.
  if (kind.kind === 'maybe-remote' && found === undefined) {
    return { reason: kind.reason };
  }
  return { path, kind: found };
}

function addHelmValueFiles(
  inputs: InputCollector,
  root: string,
  valueFiles: string[],
) {
  for (const valueFile of valueFiles) {
    // `$ref/...` files live in another source: argoHelmValueFileInputs.
    if (valueFile.startsWith('$')) continue;
    const external = (reason: string) =>
      inputs.addExternal({
        reference: redactReference(valueFile),
        from: VALUE_FILES_FIELD,
        reason,
      });
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(valueFile)) {
      external('a remote value file');
      continue;
    }
    // Argo CD reads a value file starting with `/` from the repository root.
    const path = valueFile.startsWith('/')
      ? normaliseRepoPath(valueFile)
      : joinRepoPath(root, valueFile);
    if (path === undefined) external('it leaves the repository');
    else inputs.addPath(path);
  }
}

/** The YAML parser's reason and position, without the quoted source lines. */
export function yamlErrorMessage(error: unknown): string {
  const yaml = error as {
    reason?: string;
    mark?: { line?: number; column?: number };
    message?: string;
  };
  if (typeof yaml.reason === 'string') {
    const at =
      typeof yaml.mark?.line === 'number'
        ? ` (line ${yaml.mark.line + 1}, column ${(yaml.mark.column ?? 0) + 1})`
        : '';
    return `${yaml.reason}${at}`;
  }
  return String(yaml.message ?? error).split('\n')[0];
}
