import { TreeEntry } from '../gitReader';
import { nodeId, RepoContext, repoApiUrl } from './context';

/** GitHub's `git-ref` object. */
export function gitRefJson(
  ctx: RepoContext,
  ref: { ref: string; sha: string; type: string },
) {
  const url = repoApiUrl(ctx);
  const objectPath = ref.type === 'tag' ? 'tags' : 'commits';
  return {
    ref: ref.ref,
    node_id: nodeId('Ref', `${ctx.owner}/${ctx.name}:${ref.ref}`),
    url: `${url}/git/${ref.ref}`,
    object: {
      type: ref.type,
      sha: ref.sha,
      url: `${url}/git/${objectPath}/${ref.sha}`,
    },
  };
}

/** GitHub's `git-tree` object. */
export function gitTreeJson(
  ctx: RepoContext,
  sha: string,
  entries: TreeEntry[],
) {
  const url = repoApiUrl(ctx);
  return {
    sha,
    url: `${url}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map(entry => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.size !== undefined ? { size: entry.size } : {}),
      url: `${url}/git/${entry.type === 'tree' ? 'trees' : 'blobs'}/${
        entry.sha
      }`,
    })),
  };
}

/** GitHub's `blob` object: content in base64, as the API sends it. */
export function blobJson(ctx: RepoContext, sha: string, content: Buffer) {
  return {
    sha,
    node_id: nodeId('Blob', sha),
    url: `${repoApiUrl(ctx)}/git/blobs/${sha}`,
    size: content.length,
    content: content.toString('base64'),
    encoding: 'base64',
  };
}
