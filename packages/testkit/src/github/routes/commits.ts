import { GitHubError } from '../errors';
import { linkHeader, pageParams } from '../pagination';
import { commitOr404, FacadeContext, repoOf } from '../repoHandle';
import { Route } from '../router';
import { commitJson, comparisonJson } from '../shapes/commits';

/** GET /repos/{owner}/{repo}/commits: history with sha, path, author, since, until and paging. */
const listCommits: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/commits',
  async handle(request) {
    const handle = await repoOf(request);
    const { query } = request;
    const from = await commitOr404(
      handle,
      query.get('sha') || handle.ctx.defaultBranch,
    );
    const filters = {
      from,
      path: query.get('path') || undefined,
      author: query.get('author') || undefined,
      since: query.get('since') || undefined,
      until: query.get('until') || undefined,
    };
    const { page, perPage, skip } = pageParams(query);
    const [commits, total] = await Promise.all([
      handle.reader.log({ ...filters, skip, limit: perPage }),
      handle.reader.count(filters),
    ]);
    return {
      status: 200,
      body: commits.map(commit => commitJson(handle.ctx, commit)),
      headers: linkHeader(request.url, page, perPage, total),
    };
  },
};

/** GET /repos/{owner}/{repo}/commits/{ref}: one commit with stats and files. */
const getCommit: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/commits/{ref}',
  async handle(request) {
    const handle = await repoOf(request);
    const sha = await commitOr404(handle, request.params.ref);
    const commit = await handle.reader.commit(sha);
    const files = await handle.reader.diff(commit.parents[0], sha);
    return { status: 200, body: commitJson(handle.ctx, commit, files) };
  },
};

/** GET /repos/{owner}/{repo}/compare/{base}...{head} */
const compare: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/compare/{basehead}',
  async handle(request) {
    const handle = await repoOf(request);
    const { basehead } = request.params;
    const parts = basehead.includes('...')
      ? basehead.split('...')
      : basehead.split('..');
    if (parts.length !== 2 || !parts[0] || !parts[1])
      throw new GitHubError(404, 'Not Found');
    const [baseSha, headSha] = await Promise.all(
      parts.map(ref => commitOr404(handle, ref)),
    );
    const mergeBaseSha = await handle.reader.mergeBase(baseSha, headSha);
    if (!mergeBaseSha) {
      throw new GitHubError(
        404,
        `No common ancestor between ${parts[0]} and ${parts[1]}.`,
      );
    }
    const [base, mergeBase, ahead, behind, files] = await Promise.all([
      handle.reader.commit(baseSha),
      handle.reader.commit(mergeBaseSha),
      handle.reader.range(mergeBaseSha, headSha),
      handle.reader.range(mergeBaseSha, baseSha),
      handle.reader.diff(mergeBaseSha, headSha),
    ]);
    // Without paging GitHub lists at most 250 commits; with it, one page.
    const paged = request.query.has('page') || request.query.has('per_page');
    const { page, perPage, skip } = pageParams(request.query, 250);
    const commits = paged
      ? ahead.slice(skip, skip + perPage)
      : ahead.slice(0, 250);
    return {
      status: 200,
      body: comparisonJson(handle.ctx, {
        basehead,
        base,
        mergeBase,
        aheadBy: ahead.length,
        behindBy: behind.length,
        commits,
        files,
        headSha,
      }),
      headers: paged
        ? linkHeader(request.url, page, perPage, ahead.length)
        : {},
    };
  },
};

export const commitRoutes = [listCommits, getCommit, compare];
