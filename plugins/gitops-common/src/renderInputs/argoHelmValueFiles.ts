import type { ExternalRenderInput } from '../model/deployment';
import { addUncovered, normaliseRepoPath } from './repoPaths';
import { redactReference } from './references';
import type { ArgoSourceLike } from './types';

/**
 * The render inputs that Argo CD multi-source apps place in another source:
 * Helm value files written `$<ref>/<path>`, which live in the repository of
 * the source whose `ref` is `<ref>`. They are grouped by that source's
 * index. A `$<ref>` that no source declares is listed as external under the
 * Helm source itself.
 *
 * @public
 */
export function argoHelmValueFileInputs(sources: ArgoSourceLike[]): Array<{
  sourceIndex: number;
  paths: string[];
  external: ExternalRenderInput[];
}> {
  const groups = new Map<
    number,
    { sourceIndex: number; paths: string[]; external: ExternalRenderInput[] }
  >();
  const group = (sourceIndex: number) => {
    let found = groups.get(sourceIndex);
    if (!found) {
      found = { sourceIndex, paths: [], external: [] };
      groups.set(sourceIndex, found);
    }
    return found;
  };
  sources.forEach((source, helmIndex) => {
    const from = `spec.sources[${helmIndex}].helm.valueFiles`;
    for (const valueFile of source.helm?.valueFiles ?? []) {
      const match = /^\$([^/]+)\/(.*)$/.exec(valueFile);
      if (!match) continue;
      const [, ref, rest] = match;
      const refIndex = sources.findIndex(other => other.ref === ref);
      if (refIndex < 0) {
        addExternal(group(helmIndex), {
          reference: redactReference(valueFile),
          from,
          reason: `no source declares ref "${ref}"`,
        });
        continue;
      }
      const path = normaliseRepoPath(rest);
      if (path === undefined || path === '') {
        addExternal(group(refIndex), {
          reference: redactReference(valueFile),
          from,
          reason:
            path === undefined
              ? 'it leaves the repository'
              : 'it names the repository root, not a file',
        });
        continue;
      }
      addUncovered(group(refIndex).paths, path);
    }
  });
  return [...groups.values()].sort((a, b) => a.sourceIndex - b.sourceIndex);
}

function addExternal(
  into: { external: ExternalRenderInput[] },
  input: ExternalRenderInput,
) {
  const same = into.external.some(
    e => e.reference === input.reference && e.from === input.from,
  );
  if (!same) into.external.push(input);
}
