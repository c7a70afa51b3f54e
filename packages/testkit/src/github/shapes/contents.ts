import { RepoContext, repoApiUrl, repoWebUrl } from './context';

function links(
  ctx: RepoContext,
  path: string,
  ref: string,
  type: string,
  sha: string,
) {
  const api = repoApiUrl(ctx);
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`;
  const html = `${repoWebUrl(ctx)}/${
    type === 'dir' ? 'tree' : 'blob'
  }/${ref}/${path}`;
  return {
    url: self,
    git_url: git,
    html_url: html,
    _links: { self, git, html },
  };
}

/** One item of GitHub's `content-directory` listing. */
export function contentEntryJson(
  ctx: RepoContext,
  ref: string,
  entry: { path: string; type: 'file' | 'dir'; sha: string; size: number },
) {
  return {
    type: entry.type,
    size: entry.size,
    name: entry.path.split('/').pop(),
    path: entry.path,
    sha: entry.sha,
    ...links(ctx, entry.path, ref, entry.type, entry.sha),
    download_url:
      entry.type === 'file'
        ? `${repoWebUrl(ctx)}/raw/${ref}/${entry.path}`
        : null,
  };
}

/** GitHub's `content-file`: one file with its content in base64. */
export function contentFileJson(
  ctx: RepoContext,
  ref: string,
  file: { path: string; sha: string; content: Buffer },
) {
  return {
    ...contentEntryJson(ctx, ref, {
      ...file,
      type: 'file',
      size: file.content.length,
    }),
    encoding: 'base64',
    content: file.content.toString('base64'),
  };
}
