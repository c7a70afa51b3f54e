import {
  KUSTOMIZATION_FILE_NAMES,
  resolveRenderInputs,
  type RenderInputs,
} from '@gitops-console/plugin-gitops-common';
import type { CommitLine } from '../git/commitIndex/CommitLine';
import type { GitService } from '../git/GitService';
import { InFlight } from '../git/KeyedLimiter';
import { LruMap } from '../git/LruMap';

/** What decides a deployment's render inputs, besides the revision. */
export interface RenderInputsSpec {
  repoUrl: string;
  path: string;
  /** Argo CD Helm value files of the same source (relative to the path). */
  helmValueFiles?: string[];
}

interface Resolved {
  sha: string;
  inputs: RenderInputs;
}

/** Specs remembered per Git handle; each keeps its last few revisions. */
const caches = new WeakMap<
  GitService,
  { lru: LruMap<string, Resolved[]>; resolving: InFlight<RenderInputs> }
>();
const REVISIONS_PER_SPEC = 4;
const MAX_SPECS = 20_000;

function cacheOf(git: GitService) {
  let cache = caches.get(git);
  if (!cache) {
    cache = { lru: new LruMap(MAX_SPECS), resolving: new InFlight() };
    caches.set(git, cache);
  }
  return cache;
}

/**
 * Whether a change to this file can change the render inputs: a
 * kustomization file (its references), never a manifest or a value file.
 */
function shapesInputs(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return KUSTOMIZATION_FILE_NAMES.includes(name);
}

/**
 * The render inputs of a source at a commit. Inputs read at another commit
 * of the same line are reused when no commit in between changed a
 * kustomization file among them: the references, and so the inputs, are
 * then the same. Otherwise the resolver reads the tree at the commit (tree
 * reads are cached by SHA).
 */
export async function renderInputsAt(
  git: GitService,
  line: CommitLine,
  spec: RenderInputsSpec,
  sha: string,
): Promise<RenderInputs> {
  const key = [spec.repoUrl, spec.path, ...(spec.helmValueFiles ?? [])].join(
    '\n',
  );
  const { lru: cache, resolving } = cacheOf(git);
  const known = cache.get(key) ?? [];
  const target = line.positionOf(sha);
  for (const entry of known) {
    if (entry.sha === sha) return entry.inputs;
    const at = line.positionOf(entry.sha);
    if (target === undefined || at === undefined) continue;
    const [from, to] = at < target ? [at, target] : [target, at];
    if (
      from === to ||
      !line.changedBetween(entry.inputs.paths, from, to, shapesInputs)
    ) {
      return entry.inputs;
    }
  }
  // Views built at once for the same source share one resolution.
  return resolving.run(`${key}\n${sha}`, async () => {
    const inputs = await resolveRenderInputs({
      path: spec.path,
      reader: git.treeReader(spec.repoUrl, sha),
      helmValueFiles: spec.helmValueFiles,
    });
    const resolved = { ...inputs, revision: sha };
    cache.set(
      key,
      [{ sha, inputs: resolved }, ...(cache.get(key) ?? [])].slice(
        0,
        REVISIONS_PER_SPEC,
      ),
    );
    return resolved;
  });
}
