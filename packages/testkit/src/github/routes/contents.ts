import { DEFAULT_IDENTITY, GitIdentity } from '../../git/gitRepository';
import { GitHubError, notFound } from '../errors';
import {
  commitOr404,
  FacadeContext,
  RepoHandle,
  repoOf,
  requiredString,
} from '../repoHandle';
import { Route } from '../router';
import { gitCommitJson } from '../shapes/commits';
import { contentEntryJson, contentFileJson } from '../shapes/contents';

/** GET /repos/{owner}/{repo}/contents/{path}?ref= : a file (base64) or a directory listing. */
const getContent: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/contents/{path}',
  async handle(request) {
    const handle = await repoOf(request);
    const ref = request.query.get('ref') || handle.ctx.defaultBranch;
    const commit = await commitOr404(handle, ref);
    const path = request.params.path.replace(/^\/+|\/+$/g, '');
    const object = await handle.reader.objectInfo(`${commit}:${path}`);
    if (!object) throw notFound();
    if (object.type === 'blob') {
      const content = await handle.reader.blob(object.sha);
      return {
        status: 200,
        body: contentFileJson(handle.ctx, ref, {
          path,
          sha: object.sha,
          content,
        }),
      };
    }
    const entries = await handle.reader.tree(object.sha, false);
    return {
      status: 200,
      body: entries
        .filter(entry => entry.type !== 'commit')
        .map(entry =>
          contentEntryJson(handle.ctx, ref, {
            path: `${path}/${entry.path}`,
            type: entry.type === 'tree' ? 'dir' : 'file',
            sha: entry.sha,
            size: entry.size ?? 0,
          }),
        ),
    };
  },
};

function identity(value: any): GitIdentity | undefined {
  return value?.name && value?.email
    ? { name: value.name, email: value.email }
    : undefined;
}

/**
 * Commits one file change on a branch the way GitHub's contents API does:
 * `sha` must name the file's current blob when the file exists.
 */
async function commitFileChange(
  handle: RepoHandle,
  body: any,
  path: string,
  content: Buffer | null,
) {
  const message = requiredString(body, 'message');
  const branch = body.branch || handle.ctx.defaultBranch;
  const ref = `refs/heads/${branch}`;
  const parent = await handle.git.tryResolve(ref);
  if (!parent) throw new GitHubError(404, `Branch ${branch} not found`);
  const existing = await handle.reader.objectInfo(`${parent}:${path}`);
  if (existing && !body.sha) {
    throw new GitHubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  }
  if (existing && body.sha !== existing.sha) {
    throw new GitHubError(409, `${path} does not match ${body.sha}`);
  }
  if (!existing && content === null) throw notFound();
  const author =
    identity(body.author) ?? identity(body.committer) ?? DEFAULT_IDENTITY;
  const sha = await handle.git.writeCommit({
    parents: [parent],
    changes: { [path]: content },
    message,
    author,
    committer: identity(body.committer) ?? author,
  });
  await handle.git.updateRef(ref, sha, parent);
  const commit = gitCommitJson(handle.ctx, await handle.reader.commit(sha));
  return { commit, created: !existing, branch };
}

/** PUT /repos/{owner}/{repo}/contents/{path} { message, content (base64), sha?, branch? } */
const putContent: Route<FacadeContext> = {
  method: 'PUT',
  template: '/repos/{owner}/{repo}/contents/{path}',
  async handle(request) {
    const handle = await repoOf(request);
    const path = request.params.path.replace(/^\/+|\/+$/g, '');
    const content = Buffer.from(
      requiredString(request.body, 'content'),
      'base64',
    );
    const { commit, created, branch } = await commitFileChange(
      handle,
      request.body,
      path,
      content,
    );
    const blob = await handle.reader.objectInfo(`${commit.sha}:${path}`);
    const file = contentEntryJson(handle.ctx, branch, {
      path,
      type: 'file',
      sha: blob!.sha,
      size: content.length,
    });
    return { status: created ? 201 : 200, body: { content: file, commit } };
  },
};

/** DELETE /repos/{owner}/{repo}/contents/{path} { message, sha, branch? } */
const deleteContent: Route<FacadeContext> = {
  method: 'DELETE',
  template: '/repos/{owner}/{repo}/contents/{path}',
  async handle(request) {
    const handle = await repoOf(request);
    const path = request.params.path.replace(/^\/+|\/+$/g, '');
    const { commit } = await commitFileChange(handle, request.body, path, null);
    return { status: 200, body: { content: null, commit } };
  },
};

export const contentRoutes = [getContent, putContent, deleteContent];
