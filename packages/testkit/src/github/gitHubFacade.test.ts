import { GitServer, startGitServer } from '../git/gitServer';
import { ScriptedRepository } from '../git/scriptedRepository';
import { GitHubFacade, startGitHubFacade } from './gitHubFacade';
import { GitHubOpenApiValidator } from './openapiValidator';

jest.setTimeout(60_000);

const alice = { name: 'Alice Example', email: 'alice@example.com' };
const bob = { name: 'Bob Example', email: 'bob@example.com' };

describe('GitHub REST facade', () => {
  let git: GitServer;
  let facade: GitHubFacade;
  let repo: ScriptedRepository;
  let validator: GitHubOpenApiValidator;
  const shas: Record<string, string> = {};
  const token = 'facade-test-token';

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${facade.url}${path}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        accept: 'application/vnd.github+json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };

  beforeAll(async () => {
    validator = GitHubOpenApiValidator.load();
    git = await startGitServer({ token });
    facade = await startGitHubFacade({ git, token });
    repo = await git.createRepository('acme/deployments');
    shas.base = await repo.commit({
      message: 'Add inventory and billing',
      files: {
        'apps/inventory/app.yaml': 'v: 1\n',
        'apps/billing/app.yaml': 'v: 1\n',
      },
      author: alice,
      date: '2024-03-01T09:00:00Z',
    });
    for (let i = 2; i <= 5; i++) {
      shas[`inventory${i}`] = await repo.commit({
        message: `inventory v${i}`,
        files: { 'apps/inventory/app.yaml': `v: ${i}\n` },
        author: i % 2 ? alice : bob,
        date: `2024-03-0${i}T09:00:00Z`,
      });
    }
    shas.billing = await repo.commit({
      message: 'billing v2',
      files: { 'apps/billing/app.yaml': 'v: 2\n' },
      author: bob,
      date: '2024-03-06T09:00:00Z',
    });
    await repo.tag('v1.0.0', { target: shas.inventory3, message: 'release' });
  });

  afterAll(async () => {
    await facade?.stop();
    await git?.stop();
  });

  afterEach(() => {
    facade.clearFaults();
    facade.rateLimit.set({ remaining: facade.rateLimit.limit });
  });

  it('lists commits on a path with per_page and Link pagination', async () => {
    const page1 = await call(
      'GET',
      '/repos/acme/deployments/commits?path=apps/inventory&per_page=2',
    );
    expect(page1.status).toBe(200);
    expect(page1.body.map((c: any) => c.sha)).toEqual([
      shas.inventory5,
      shas.inventory4,
    ]);
    expect(page1.body[0].commit.author).toEqual({
      name: alice.name,
      email: alice.email,
      date: '2024-03-05T09:00:00Z',
    });
    const link = page1.headers.get('link')!;
    expect(link).toContain('rel="next"');
    expect(link).toMatch(/page=3[^>]*>; rel="last"/);

    const next = /<([^>]+)>; rel="next"/.exec(link)![1];
    const page2 = await call('GET', next.replace(facade.url, ''));
    expect(page2.body.map((c: any) => c.sha)).toEqual([
      shas.inventory3,
      shas.inventory2,
    ]);

    const fromSha = await call(
      'GET',
      `/repos/acme/deployments/commits?sha=${shas.inventory3}&path=apps/billing`,
    );
    expect(fromSha.body.map((c: any) => c.sha)).toEqual([shas.base]);
  });

  it('serves a single commit with files, and compare', async () => {
    const single = await call(
      'GET',
      `/repos/acme/deployments/commits/${shas.billing}`,
    );
    expect(single.status).toBe(200);
    expect(single.body.files).toEqual([
      expect.objectContaining({
        filename: 'apps/billing/app.yaml',
        status: 'modified',
        additions: 1,
        deletions: 1,
      }),
    ]);
    expect(single.body.parents[0].sha).toBe(shas.inventory5);

    const compare = await call(
      'GET',
      `/repos/acme/deployments/compare/${shas.inventory3}...main`,
    );
    expect(compare.status).toBe(200);
    expect(compare.body).toMatchObject({
      status: 'ahead',
      ahead_by: 3,
      behind_by: 0,
      total_commits: 3,
    });
    expect(compare.body.commits.map((c: any) => c.sha)).toEqual([
      shas.inventory4,
      shas.inventory5,
      shas.billing,
    ]);

    const behind = await call(
      'GET',
      `/repos/acme/deployments/compare/main...v1.0.0`,
    );
    expect(behind.body).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 3,
    });
  });

  it('reads refs, trees, blobs, git commits and contents', async () => {
    const ref = await call('GET', '/repos/acme/deployments/git/ref/heads/main');
    expect(ref.body).toMatchObject({
      ref: 'refs/heads/main',
      object: { type: 'commit', sha: shas.billing },
    });
    const tags = await call(
      'GET',
      '/repos/acme/deployments/git/matching-refs/tags/v1',
    );
    expect(tags.body).toEqual([
      expect.objectContaining({ ref: 'refs/tags/v1.0.0' }),
    ]);

    const tree = await call(
      'GET',
      '/repos/acme/deployments/git/trees/main?recursive=1',
    );
    expect(tree.body.tree.map((e: any) => e.path)).toEqual([
      'apps',
      'apps/billing',
      'apps/billing/app.yaml',
      'apps/inventory',
      'apps/inventory/app.yaml',
    ]);
    const blobSha = tree.body.tree.find(
      (e: any) => e.path === 'apps/billing/app.yaml',
    ).sha;
    const blob = await call(
      'GET',
      `/repos/acme/deployments/git/blobs/${blobSha}`,
    );
    expect(Buffer.from(blob.body.content, 'base64').toString()).toBe('v: 2\n');

    const gitCommit = await call(
      'GET',
      `/repos/acme/deployments/git/commits/${shas.base}`,
    );
    expect(gitCommit.body).toMatchObject({
      sha: shas.base,
      message: 'Add inventory and billing',
      parents: [],
    });

    const file = await call(
      'GET',
      '/repos/acme/deployments/contents/apps/inventory/app.yaml?ref=v1.0.0',
    );
    expect(Buffer.from(file.body.content, 'base64').toString()).toBe('v: 3\n');
    const dir = await call('GET', '/repos/acme/deployments/contents/apps');
    expect(dir.body.map((e: any) => [e.name, e.type])).toEqual([
      ['billing', 'dir'],
      ['inventory', 'dir'],
    ]);
    const repository = await call('GET', '/repos/acme/deployments');
    expect(repository.body).toMatchObject({
      full_name: 'acme/deployments',
      default_branch: 'main',
    });
  });

  it('writes through the Git database API and creates, moves and deletes refs', async () => {
    const blob = await call('POST', '/repos/acme/deployments/git/blobs', {
      content: 'v: 9\n',
      encoding: 'utf-8',
    });
    expect(blob.status).toBe(201);
    const tree = await call('POST', '/repos/acme/deployments/git/trees', {
      base_tree: shas.billing,
      tree: [
        {
          path: 'apps/inventory/app.yaml',
          mode: '100644',
          type: 'blob',
          sha: blob.body.sha,
        },
      ],
    });
    expect(tree.status).toBe(201);
    const commit = await call('POST', '/repos/acme/deployments/git/commits', {
      message: 'inventory v9',
      tree: tree.body.sha,
      parents: [shas.billing],
      author: { ...bob, date: '2024-04-01T00:00:00Z' },
    });
    expect(commit.status).toBe(201);
    const created = await call('POST', '/repos/acme/deployments/git/refs', {
      ref: 'refs/heads/hotfix',
      sha: commit.body.sha,
    });
    expect(created.status).toBe(201);
    const duplicate = await call('POST', '/repos/acme/deployments/git/refs', {
      ref: 'refs/heads/hotfix',
      sha: shas.base,
    });
    expect(duplicate.status).toBe(422);
    const rewind = await call(
      'PATCH',
      '/repos/acme/deployments/git/refs/heads/hotfix',
      { sha: shas.base },
    );
    expect(rewind.status).toBe(422);
    const forced = await call(
      'PATCH',
      '/repos/acme/deployments/git/refs/heads/hotfix',
      { sha: shas.base, force: true },
    );
    expect(forced.body.object.sha).toBe(shas.base);
    expect(
      (await call('DELETE', '/repos/acme/deployments/git/refs/heads/hotfix'))
        .status,
    ).toBe(204);
    expect(
      (await call('GET', '/repos/acme/deployments/git/ref/heads/hotfix'))
        .status,
    ).toBe(404);
  });

  it('creates, lists, gets and merges pull requests', async () => {
    await repo.branch('rollback-inventory', 'main');
    const put = await call(
      'PUT',
      '/repos/acme/deployments/contents/apps/inventory/app.yaml',
      {
        message: 'Roll back inventory to v3',
        content: Buffer.from('v: 3\n').toString('base64'),
        sha: (
          await call(
            'GET',
            '/repos/acme/deployments/contents/apps/inventory/app.yaml',
          )
        ).body.sha,
        branch: 'rollback-inventory',
      },
    );
    expect(put.status).toBe(200);

    const pr = await call('POST', '/repos/acme/deployments/pulls', {
      title: 'Roll back inventory',
      head: 'rollback-inventory',
      base: 'main',
      body: 'Reverts inventory v4 and v5',
    });
    expect(pr.status).toBe(201);
    expect(pr.body).toMatchObject({
      number: 1,
      state: 'open',
      mergeable: true,
      commits: 1,
      changed_files: 1,
    });
    const again = await call('POST', '/repos/acme/deployments/pulls', {
      title: 'again',
      head: 'acme:rollback-inventory',
      base: 'main',
    });
    expect(again.status).toBe(422);

    const open = await call(
      'GET',
      '/repos/acme/deployments/pulls?head=acme:rollback-inventory',
    );
    expect(open.body.map((p: any) => p.number)).toEqual([1]);

    const stale = await call('PUT', '/repos/acme/deployments/pulls/1/merge', {
      sha: shas.base,
    });
    expect(stale.status).toBe(409);
    const merged = await call('PUT', '/repos/acme/deployments/pulls/1/merge', {
      merge_method: 'merge',
    });
    expect(merged.body).toMatchObject({ merged: true });
    const main = await repo.log('main');
    expect(main[0]).toMatchObject({
      sha: merged.body.sha,
      subject: 'Merge pull request #1 from acme/rollback-inventory',
    });

    const closed = await call('GET', '/repos/acme/deployments/pulls/1');
    expect(closed.body).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.body.sha,
    });
    expect(
      (await call('PUT', '/repos/acme/deployments/pulls/1/merge', {})).status,
    ).toBe(405);
    expect(
      (await call('GET', '/repos/acme/deployments/pulls?state=closed')).body,
    ).toHaveLength(1);
  });

  it('answers 304 to a matching If-None-Match without spending rate limit', async () => {
    const first = await call(
      'GET',
      '/repos/acme/deployments/commits?path=apps/billing',
    );
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
      Date.now() / 1000,
    );

    const second = await call(
      'GET',
      '/repos/acme/deployments/commits?path=apps/billing',
      undefined,
      {
        'if-none-match': etag,
      },
    );
    expect(second.status).toBe(304);
    expect(second.body).toBeUndefined();
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(remaining);

    const changed = await call(
      'GET',
      '/repos/acme/deployments/commits?path=apps/billing',
      undefined,
      {
        'if-none-match': '"something-else"',
      },
    );
    expect(changed.status).toBe(200);
    expect(Number(changed.headers.get('x-ratelimit-remaining'))).toBe(
      remaining - 1,
    );
  });

  it('fails on demand with 403 rate limited, 429 and 5xx, and when the quota runs out', async () => {
    facade.injectFault({
      status: 403,
      path: '/repos/acme/deployments/commits',
    });
    const limited = await call('GET', '/repos/acme/deployments/commits');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.body.message).toMatch(/rate limit exceeded/);
    expect((await call('GET', '/repos/acme/deployments/commits')).status).toBe(
      200,
    );

    facade.injectFault({ status: 429, times: 2 });
    expect((await call('GET', '/repos/acme/deployments')).status).toBe(429);
    const secondary = await call('GET', '/repos/acme/deployments');
    expect(secondary.headers.get('retry-after')).toBe('60');
    expect((await call('GET', '/repos/acme/deployments')).status).toBe(200);

    facade.injectFault({ status: 502, method: 'GET', path: /\/pulls/ });
    expect((await call('GET', '/repos/acme/deployments/pulls')).status).toBe(
      502,
    );

    facade.rateLimit.set({ remaining: 0 });
    const exhausted = await call('GET', '/repos/acme/deployments');
    expect(exhausted.status).toBe(403);
    expect(exhausted.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('rejects requests without the token and unknown repositories like GitHub', async () => {
    const anonymous = await fetch(`${facade.url}/repos/acme/deployments`);
    expect(anonymous.status).toBe(401);
    expect((await call('GET', '/repos/acme/nothing/commits')).status).toBe(404);
  });

  it('keeps the commit statuses and check runs CI posts, combined like GitHub', async () => {
    const sha = shas.inventory5;
    expect(
      (await call('GET', `/repos/acme/deployments/commits/${sha}/status`)).body,
    ).toMatchObject({ state: 'pending', total_count: 0, sha });
    const posted = await call(
      'POST',
      `/repos/acme/deployments/statuses/${sha}`,
      {
        state: 'success',
        context: 'ci/build',
        target_url: 'https://ci.example.com/builds/1',
      },
    );
    expect(posted.status).toBe(201);
    await call('POST', `/repos/acme/deployments/statuses/${sha}`, {
      state: 'pending',
      context: 'ci/e2e',
    });
    await call('POST', `/repos/acme/deployments/statuses/${sha}`, {
      state: 'failure',
      context: 'ci/e2e',
      description: 'checkout test failed',
    });
    const combined = (
      await call('GET', `/repos/acme/deployments/commits/${sha}/status`)
    ).body;
    // The latest status per context: build success, e2e failure.
    expect(combined.state).toBe('failure');
    expect(
      combined.statuses.map((s: any) => [s.context, s.state]).sort(),
    ).toEqual([
      ['ci/build', 'success'],
      ['ci/e2e', 'failure'],
    ]);
    expect(
      (
        await call('POST', `/repos/acme/deployments/statuses/${sha}`, {
          state: 'green',
        })
      ).status,
    ).toBe(422);

    const run = await call('POST', '/repos/acme/deployments/check-runs', {
      name: 'lint',
      head_sha: sha,
      status: 'in_progress',
    });
    expect(run.status).toBe(201);
    await call('POST', '/repos/acme/deployments/check-runs', {
      name: 'lint',
      head_sha: sha,
      conclusion: 'success',
      details_url: 'https://ci.example.com/lint/2',
    });
    const runs = (
      await call('GET', `/repos/acme/deployments/commits/${sha}/check-runs`)
    ).body;
    expect(runs.total_count).toBe(1);
    expect(runs.check_runs[0]).toMatchObject({
      name: 'lint',
      status: 'completed',
      conclusion: 'success',
    });
    expect(
      (
        await call('POST', '/repos/acme/deployments/check-runs', {
          name: 'x',
          head_sha: sha,
          status: 'completed',
        })
      ).status,
    ).toBe(422);
  });

  it("serves only responses that match GitHub's OpenAPI description", () => {
    const checked = facade.served
      .filter(r => r.status !== 304)
      .map(r => ({ response: r, result: validator.validate(r) }))
      .filter(({ result }) => result.documented);
    const failures = checked.flatMap(({ result }) =>
      result.valid ? [] : result.errors,
    );
    expect(failures).toEqual([]);
    // Every route family was exercised, so the check covers all of them.
    const templates = new Set(
      checked.map(c => `${c.response.method} ${c.response.template}`),
    );
    expect([...templates].sort()).toEqual(
      expect.arrayContaining([
        'GET /repos/{owner}/{repo}',
        'GET /repos/{owner}/{repo}/commits',
        'GET /repos/{owner}/{repo}/commits/{ref}',
        'GET /repos/{owner}/{repo}/compare/{basehead}',
        'GET /repos/{owner}/{repo}/contents/{path}',
        'PUT /repos/{owner}/{repo}/contents/{path}',
        'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
        'POST /repos/{owner}/{repo}/git/blobs',
        'GET /repos/{owner}/{repo}/git/commits/{commit_sha}',
        'POST /repos/{owner}/{repo}/git/commits',
        'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
        'GET /repos/{owner}/{repo}/git/ref/{ref}',
        'POST /repos/{owner}/{repo}/git/refs',
        'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
        'DELETE /repos/{owner}/{repo}/git/refs/{ref}',
        'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
        'POST /repos/{owner}/{repo}/git/trees',
        'GET /repos/{owner}/{repo}/pulls',
        'POST /repos/{owner}/{repo}/pulls',
        'GET /repos/{owner}/{repo}/pulls/{pull_number}',
        'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
        'POST /repos/{owner}/{repo}/statuses/{sha}',
        'GET /repos/{owner}/{repo}/commits/{ref}/status',
        'POST /repos/{owner}/{repo}/check-runs',
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
      ]),
    );
  });
});
