import { GitHubError, notFound } from '../errors';
import {
  FacadeContext,
  RepoHandle,
  repoOf,
  requiredString,
} from '../repoHandle';
import { Route } from '../router';
import { gitRefJson } from '../shapes/gitObjects';

async function findRef(handle: RepoHandle, fullRef: string) {
  return (await handle.reader.refs()).find(r => r.ref === fullRef);
}

/** GET /repos/{owner}/{repo}/git/ref/{ref}, e.g. ref = heads/main */
const getRef: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/git/ref/{ref}',
  async handle(request) {
    const handle = await repoOf(request);
    const ref = await findRef(handle, `refs/${request.params.ref}`);
    if (!ref) throw notFound();
    return { status: 200, body: gitRefJson(handle.ctx, ref) };
  },
};

/** GET /repos/{owner}/{repo}/git/matching-refs/{ref}: refs starting with refs/{ref}. */
const matchingRefs: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/git/matching-refs/{ref}',
  async handle(request) {
    const handle = await repoOf(request);
    const prefix = `refs/${request.params.ref}`;
    const refs = (await handle.reader.refs()).filter(r =>
      r.ref.startsWith(prefix),
    );
    return { status: 200, body: refs.map(ref => gitRefJson(handle.ctx, ref)) };
  },
};

/** POST /repos/{owner}/{repo}/git/refs { ref: "refs/heads/x", sha } */
const createRef: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/git/refs',
  async handle(request) {
    const handle = await repoOf(request);
    const ref = requiredString(request.body, 'ref');
    const sha = requiredString(request.body, 'sha');
    if (!/^refs\/[^/]+\/.+/.test(ref))
      throw new GitHubError(422, 'Reference name is invalid');
    const object = await handle.reader.objectInfo(sha);
    if (!object || object.sha !== sha)
      throw new GitHubError(422, 'Object does not exist');
    if (await findRef(handle, ref))
      throw new GitHubError(422, 'Reference already exists');
    // A concurrent create can win between the check and the write; GitHub
    // answers that 422 too, not a server error.
    await handle.git.updateRef(ref, sha, '').catch(error => {
      if (/reference already exists/.test(String(error?.message))) {
        throw new GitHubError(422, 'Reference already exists');
      }
      throw error;
    });
    return {
      status: 201,
      body: gitRefJson(handle.ctx, { ref, sha, type: object.type }),
      headers: {
        location: `${handle.ctx.api}/repos/${handle.ctx.owner}/${handle.ctx.name}/git/${ref}`,
      },
    };
  },
};

/** PATCH /repos/{owner}/{repo}/git/refs/{ref} { sha, force } */
const updateRef: Route<FacadeContext> = {
  method: 'PATCH',
  template: '/repos/{owner}/{repo}/git/refs/{ref}',
  async handle(request) {
    const handle = await repoOf(request);
    const fullRef = `refs/${request.params.ref}`;
    const sha = requiredString(request.body, 'sha');
    const current = await findRef(handle, fullRef);
    if (!current) throw new GitHubError(422, 'Reference does not exist');
    const object = await handle.reader.objectInfo(sha);
    if (!object || object.sha !== sha)
      throw new GitHubError(422, 'Object does not exist');
    const fastForward = await handle.reader.isAncestor(current.sha, sha);
    if (!fastForward && request.body.force !== true) {
      throw new GitHubError(422, 'Update is not a fast forward');
    }
    await handle.git.updateRef(fullRef, sha, current.sha);
    return {
      status: 200,
      body: gitRefJson(handle.ctx, { ref: fullRef, sha, type: object.type }),
    };
  },
};

/** DELETE /repos/{owner}/{repo}/git/refs/{ref} */
const deleteRef: Route<FacadeContext> = {
  method: 'DELETE',
  template: '/repos/{owner}/{repo}/git/refs/{ref}',
  async handle(request) {
    const handle = await repoOf(request);
    const fullRef = `refs/${request.params.ref}`;
    if (!(await findRef(handle, fullRef)))
      throw new GitHubError(422, 'Reference does not exist');
    await handle.git.deleteRef(fullRef);
    return { status: 204 };
  },
};

export const refRoutes = [
  getRef,
  matchingRefs,
  createRef,
  updateRef,
  deleteRef,
];
