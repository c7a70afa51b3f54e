import { DEFAULT_IDENTITY } from '../../git/gitRepository';
import { GitHubError, notFound } from '../errors';
import { linkHeader, pageParams } from '../pagination';
import {
  FacadeContext,
  RepoHandle,
  repoOf,
  requiredString,
} from '../repoHandle';
import { Route } from '../router';
import {
  PullDetails,
  PullRecord,
  pullRequestJson,
  pullRequestSimpleJson,
} from '../shapes/pulls';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "owner:branch" or "branch" → "branch". */
const branchName = (value: string) => value.replace(/^[^:]+:/, '');

/** Open pull requests follow their branches; closed ones keep their last SHAs. */
async function refresh(
  handle: RepoHandle,
  pr: PullRecord,
): Promise<PullRecord> {
  if (pr.state === 'open') {
    pr.headSha =
      (await handle.git.tryResolve(`refs/heads/${pr.head}`)) ?? pr.headSha;
    pr.baseSha =
      (await handle.git.tryResolve(`refs/heads/${pr.base}`)) ?? pr.baseSha;
  }
  return pr;
}

async function details(
  handle: RepoHandle,
  pr: PullRecord,
): Promise<PullDetails> {
  const mergeBase =
    (await handle.reader.mergeBase(pr.baseSha, pr.headSha)) ?? pr.baseSha;
  const [commits, files, merged] = await Promise.all([
    handle.reader.range(mergeBase, pr.headSha),
    handle.reader.diff(mergeBase, pr.headSha),
    handle.git.mergeTrees(pr.baseSha, pr.headSha),
  ]);
  return {
    mergeable: Boolean(merged.tree),
    commits: commits.length,
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    changedFiles: files.length,
  };
}

async function pullOr404(handle: RepoHandle, number: string) {
  const pr = handle.pulls.get(Number(number));
  if (!pr) throw notFound();
  return refresh(handle, pr);
}

/** POST /repos/{owner}/{repo}/pulls { title, head, base, body?, draft? } */
const createPull: Route<FacadeContext> = {
  method: 'POST',
  template: '/repos/{owner}/{repo}/pulls',
  async handle(request) {
    const handle = await repoOf(request);
    const title = requiredString(request.body, 'title');
    const head = branchName(requiredString(request.body, 'head'));
    const base = branchName(requiredString(request.body, 'base'));
    const invalid = (field: string) =>
      new GitHubError(422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', field, code: 'invalid' }],
      });
    const headSha = await handle.git.tryResolve(`refs/heads/${head}`);
    if (!headSha) throw invalid('head');
    const baseSha = await handle.git.tryResolve(`refs/heads/${base}`);
    if (!baseSha) throw invalid('base');
    const duplicate = [...handle.pulls.values()].find(
      pr => pr.state === 'open' && pr.head === head && pr.base === base,
    );
    if (duplicate) {
      throw new GitHubError(422, 'Validation Failed', {
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${handle.ctx.owner}:${head}.`,
          },
        ],
      });
    }
    if (await handle.reader.isAncestor(headSha, baseSha)) {
      throw new GitHubError(422, 'Validation Failed', {
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${base} and ${head}`,
          },
        ],
      });
    }
    const number = Math.max(0, ...handle.pulls.keys()) + 1;
    const created = now();
    const pr: PullRecord = {
      number,
      title,
      body: request.body.body ?? null,
      head,
      base,
      headSha,
      baseSha,
      state: 'open',
      draft: Boolean(request.body.draft),
      merged: false,
      mergeCommitSha: null,
      authorEmail: DEFAULT_IDENTITY.email,
      createdAt: created,
      updatedAt: created,
      closedAt: null,
      mergedAt: null,
    };
    handle.pulls.set(number, pr);
    await handle.git.updateRef(`refs/pull/${number}/head`, headSha);
    return {
      status: 201,
      body: pullRequestJson(
        handle.ctx,
        handle.cloneUrl,
        pr,
        await details(handle, pr),
      ),
      headers: {
        location: `${handle.ctx.api}/repos/${handle.ctx.owner}/${handle.ctx.name}/pulls/${number}`,
      },
    };
  },
};

/** GET /repos/{owner}/{repo}/pulls?state=&head=&base=&direction=&per_page=&page= */
const listPulls: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/pulls',
  async handle(request) {
    const handle = await repoOf(request);
    const { query } = request;
    const state = query.get('state') || 'open';
    const head = query.get('head');
    const base = query.get('base');
    const ascending = query.get('direction') === 'asc';
    let pulls = [...handle.pulls.values()]
      .filter(pr => state === 'all' || pr.state === state)
      .filter(pr => !head || pr.head === branchName(head))
      .filter(pr => !base || pr.base === base)
      .sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    const total = pulls.length;
    const { page, perPage, skip } = pageParams(query);
    pulls = pulls.slice(skip, skip + perPage);
    for (const pr of pulls) await refresh(handle, pr);
    return {
      status: 200,
      body: pulls.map(pr =>
        pullRequestSimpleJson(handle.ctx, handle.cloneUrl, pr),
      ),
      headers: linkHeader(request.url, page, perPage, total),
    };
  },
};

/** GET /repos/{owner}/{repo}/pulls/{pull_number} */
const getPull: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}/pulls/{pull_number}',
  async handle(request) {
    const handle = await repoOf(request);
    const pr = await pullOr404(handle, request.params.pull_number);
    return {
      status: 200,
      body: pullRequestJson(
        handle.ctx,
        handle.cloneUrl,
        pr,
        await details(handle, pr),
      ),
    };
  },
};

/** PATCH /repos/{owner}/{repo}/pulls/{pull_number} { title?, body?, state?, base? } */
const updatePull: Route<FacadeContext> = {
  method: 'PATCH',
  template: '/repos/{owner}/{repo}/pulls/{pull_number}',
  async handle(request) {
    const handle = await repoOf(request);
    const pr = await pullOr404(handle, request.params.pull_number);
    const { body } = request;
    if (typeof body.title === 'string') pr.title = body.title;
    if (body.body !== undefined) pr.body = body.body;
    if (typeof body.base === 'string') pr.base = branchName(body.base);
    if (body.state === 'closed' && pr.state === 'open') {
      pr.state = 'closed';
      pr.closedAt = now();
    } else if (body.state === 'open' && pr.state === 'closed' && !pr.merged) {
      pr.state = 'open';
      pr.closedAt = null;
    }
    pr.updatedAt = now();
    await refresh(handle, pr);
    return {
      status: 200,
      body: pullRequestJson(
        handle.ctx,
        handle.cloneUrl,
        pr,
        await details(handle, pr),
      ),
    };
  },
};

/** PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge { merge_method?, sha?, commit_title?, commit_message? } */
const mergePull: Route<FacadeContext> = {
  method: 'PUT',
  template: '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
  async handle(request) {
    const handle = await repoOf(request);
    const pr = await pullOr404(handle, request.params.pull_number);
    const { body } = request;
    if (pr.state !== 'open')
      throw new GitHubError(405, 'Pull Request is not mergeable');
    if (body.sha && body.sha !== pr.headSha) {
      throw new GitHubError(
        409,
        'Head branch was modified. Review and try the merge again.',
      );
    }
    const method = body.merge_method ?? 'merge';
    let sha: string;
    if (method === 'rebase') {
      // Only the fast-forward case: replaying diverged commits is not modelled.
      if (!(await handle.reader.isAncestor(pr.baseSha, pr.headSha))) {
        throw new GitHubError(405, "This branch can't be rebased");
      }
      sha = pr.headSha;
    } else if (method === 'merge' || method === 'squash') {
      const merged = await handle.git.mergeTrees(pr.baseSha, pr.headSha);
      if (!merged.tree)
        throw new GitHubError(405, 'Pull Request is not mergeable');
      const title =
        body.commit_title ??
        (method === 'merge'
          ? `Merge pull request #${pr.number} from ${handle.ctx.owner}/${pr.head}`
          : `${pr.title} (#${pr.number})`);
      const message = `${title}\n\n${
        body.commit_message ?? (method === 'merge' ? pr.title : '')
      }`.trim();
      sha = await handle.git.writeCommit({
        parents: method === 'merge' ? [pr.baseSha, pr.headSha] : [pr.baseSha],
        tree: merged.tree,
        message,
        author: DEFAULT_IDENTITY,
      });
    } else {
      throw new GitHubError(422, 'Validation Failed', {
        errors: [
          { resource: 'PullRequest', field: 'merge_method', code: 'invalid' },
        ],
      });
    }
    await handle.git.updateRef(`refs/heads/${pr.base}`, sha, pr.baseSha);
    const at = now();
    Object.assign(pr, {
      state: 'closed',
      merged: true,
      mergeCommitSha: sha,
      mergedAt: at,
      closedAt: at,
      updatedAt: at,
    });
    return {
      status: 200,
      body: { sha, merged: true, message: 'Pull Request successfully merged' },
    };
  },
};

export const pullRoutes = [
  createPull,
  listPulls,
  getPull,
  updatePull,
  mergePull,
];
