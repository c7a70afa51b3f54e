import { DEFAULT_IDENTITY, PathChange } from '../../git/gitRepository';
import { GitHubError, notFound } from '../errors';
import { FacadeContext, repoOf, requiredString } from '../repoHandle';
import { Route } from '../router';
import { gitCommitJson } from '../shapes/commits';
import { blobJson, gitTreeJson } from '../shapes/gitObjects';
import { repoApiUrl } from '../shapes/context';

/** GET /repos/{owner}/{repo}/git/commits/{commit_sha} */
const getGitCommit: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
  async handle(request) {
    const handle = await repoOf(request);
    const object = await handle.reader.objectInfo(request.params.commit_sha);
    if (object?.type !== 'commit') throw notFound();
    return {
      status: 200,
      body: gitCommitJson(handle.ctx, await handle.reader.commit(object.sha)),
    };
  },
};

/** POST /repos/{owner}/{repo}/git/commits { message, tree, parents, author?, committer? } */
const createGitCommit: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/git/commits',
  async handle(request) {
    const handle = await repoOf(request);
    const { body } = request;
    const message = requiredString(body, 'message');
    const tree = requiredString(body, 'tree');
    if ((await handle.reader.objectInfo(tree))?.type !== 'tree') {
      throw new GitHubError(422, 'Tree SHA does not exist');
    }
    const parents: string[] = Array.isArray(body.parents) ? body.parents : [];
    for (const parent of parents) {
      if ((await handle.reader.objectInfo(parent))?.type !== 'commit') {
        throw new GitHubError(
          422,
          'Parent SHA does not exist or is not a commit object',
        );
      }
    }
    const author = body.author ?? DEFAULT_IDENTITY;
    const sha = await handle.git.writeCommit({
      parents,
      tree,
      message,
      author: { name: author.name, email: author.email },
      committer: body.committer
        ? { name: body.committer.name, email: body.committer.email }
        : undefined,
      date: author.date,
      committerDate: body.committer?.date,
    });
    const commit = await handle.reader.commit(sha);
    return {
      status: 201,
      body: gitCommitJson(handle.ctx, commit),
      headers: { location: `${repoApiUrl(handle.ctx)}/git/commits/${sha}` },
    };
  },
};

/** GET /repos/{owner}/{repo}/git/trees/{tree_sha}?recursive=1 (a commit or branch works too). */
const getTree: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/git/trees/{tree_sha}',
  async handle(request) {
    const handle = await repoOf(request);
    const object = await handle.reader.objectInfo(
      `${request.params.tree_sha}^{tree}`,
    );
    if (!object) throw notFound();
    const recursive = Boolean(request.query.get('recursive'));
    const entries = await handle.reader.tree(object.sha, recursive);
    return { status: 200, body: gitTreeJson(handle.ctx, object.sha, entries) };
  },
};

/** POST /repos/{owner}/{repo}/git/trees { base_tree?, tree: [{ path, mode, type, sha | content }] } */
const createTree: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/git/trees',
  async handle(request) {
    const handle = await repoOf(request);
    const entries = request.body?.tree;
    if (!Array.isArray(entries)) {
      throw new GitHubError(
        422,
        'Invalid request.\n\n"tree" wasn\'t supplied.',
      );
    }
    const changes: Record<string, PathChange> = {};
    for (const entry of entries) {
      if (typeof entry?.path !== 'string')
        throw new GitHubError(422, 'Invalid tree entry: path');
      if (typeof entry.content === 'string')
        changes[entry.path] = entry.content;
      else if (entry.sha === null) changes[entry.path] = null;
      else if (typeof entry.sha === 'string')
        changes[entry.path] = { sha: entry.sha, mode: entry.mode };
      else
        throw new GitHubError(
          422,
          `Invalid tree entry for ${entry.path}: needs sha or content`,
        );
    }
    let baseTree: string | undefined;
    if (request.body.base_tree) {
      baseTree = (
        await handle.reader.objectInfo(`${request.body.base_tree}^{tree}`)
      )?.sha;
      if (!baseTree)
        throw new GitHubError(422, 'base_tree is not a valid tree oid');
    }
    const sha = await handle.git.writeTree(baseTree, changes);
    const listed = await handle.reader.tree(sha, false);
    return {
      status: 201,
      body: gitTreeJson(handle.ctx, sha, listed),
      headers: { location: `${repoApiUrl(handle.ctx)}/git/trees/${sha}` },
    };
  },
};

/** GET /repos/{owner}/{repo}/git/blobs/{file_sha} */
const getBlob: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
  async handle(request) {
    const handle = await repoOf(request);
    const object = await handle.reader.objectInfo(request.params.file_sha);
    if (object?.type !== 'blob') throw notFound();
    return {
      status: 200,
      body: blobJson(
        handle.ctx,
        object.sha,
        await handle.reader.blob(object.sha),
      ),
    };
  },
};

/** POST /repos/{owner}/{repo}/git/blobs { content, encoding: "utf-8" | "base64" } */
const createBlob: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/git/blobs',
  async handle(request) {
    const handle = await repoOf(request);
    const content = request.body?.content;
    if (typeof content !== 'string') {
      throw new GitHubError(
        422,
        'Invalid request.\n\n"content" wasn\'t supplied.',
      );
    }
    const bytes =
      request.body.encoding === 'base64'
        ? Buffer.from(content, 'base64')
        : Buffer.from(content, 'utf8');
    const sha = await handle.git.writeBlob(bytes);
    const url = `${repoApiUrl(handle.ctx)}/git/blobs/${sha}`;
    return { status: 201, body: { url, sha }, headers: { location: url } };
  },
};

export const gitDataRoutes = [
  getGitCommit,
  createGitCommit,
  getTree,
  createTree,
  getBlob,
  createBlob,
];
