import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitHubFacade,
  GitHubOpenApiValidator,
  GitServer,
  startGitHubFacade,
  startGitServer,
} from '@gitops-console/testkit';
import { RevertConflictError, StaleHeadError } from './errors';
import { GithubActionWriter } from './GithubActionWriter';
import { readActionsConfig } from './readActionsConfig';
import {
  BASE,
  createRollbackHistory,
  OTHER,
  OVERLAY,
  refsOf,
  RollbackHistory,
  treeAt,
} from './__testUtils__/rollbackHistory';
import type { ActionContext, GitActionRequest } from './types';

jest.setTimeout(60_000);

const TOKEN = 'ghs_actions-facade-token-91c2';
const HOST = 'github.actions.test';

let server: GitServer;
let facade: GitHubFacade;
let validator: GitHubOpenApiValidator;
let repoCount = 0;

beforeAll(async () => {
  // The clone is fetched with the same token the API takes, as on GitHub.
  server = await startGitServer({ token: TOKEN });
  facade = await startGitHubFacade({ git: server, token: TOKEN });
  validator = GitHubOpenApiValidator.load();
});
afterAll(async () => {
  await facade?.stop();
  await server?.stop();
});

function makeWriter(actions: object = {}, fetchImpl?: typeof fetch) {
  const config = new ConfigReader({
    integrations: {
      github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
    },
    gitops: { actions },
  });
  return new GithubActionWriter({
    integrations: ScmIntegrations.fromConfig(config),
    actions: readActionsConfig(config),
    cloneUrl: ({ owner, repo }) => `${server.url}/${owner}/${repo}.git`,
    fetch: fetchImpl,
  });
}

async function fresh(): Promise<RollbackHistory> {
  repoCount += 1;
  return createRollbackHistory(server, `acme/gh-deploy-${repoCount}`);
}

const repoUrl = (history: RollbackHistory) =>
  `https://${HOST}/${history.repo.fullName}`;

const context: ActionContext = {
  actionId: '5d41402a-bc4b-2a76',
  requestedBy: 'user:default/alice',
  reason: 'errors | since four replicas',
  entityRef: 'component:default/checkout',
  environment: 'production',
  cluster: 'prod-eu',
  entityUrl: 'http://backstage.test/catalog/default/component/checkout/gitops',
};

const rollback = (history: RollbackHistory): GitActionRequest => ({
  type: 'rollback',
  repoUrl: repoUrl(history),
  branch: 'main',
  paths: [OVERLAY],
  targetRevision: history.c1,
  renderInputs: [OVERLAY, BASE],
});

const revert = (
  history: RollbackHistory,
  commit: string,
): GitActionRequest => ({
  type: 'revert-commit',
  repoUrl: repoUrl(history),
  branch: 'main',
  paths: [OVERLAY],
  commit,
});

/** Writes the facade answered since `from`: method and template. */
const writesSince = (from: number) =>
  facade.served
    .slice(from)
    .filter(r => r.method !== 'GET')
    .map(r => `${r.method} ${r.template} ${r.status}`);

function expectServedValid() {
  const failures = facade.served
    .filter(r => r.status !== 304)
    .map(r => validator.validate(r))
    .filter(result => result.documented && !result.valid)
    .flatMap(result => result.errors);
  expect(failures).toEqual([]);
}

describe('GithubActionWriter', () => {
  it('opens a pull request from gitops-console/rollback-<id> with one commit, and reuses it', async () => {
    const history = await fresh();
    const writer = makeWriter();
    const from = facade.served.length;
    const result = await writer.execute(rollback(history), context);

    expect(result).toMatchObject({
      mode: 'pull-request',
      pushedBranch: 'gitops-console/rollback-5d41402abc4b',
      reused: false,
      pullRequest: { number: 1 },
    });
    expect(result.pullRequest!.url).toContain('/pull/1');
    const { repo } = history;
    expect(await repo.resolve('main')).toBe(history.c5);
    expect(await repo.resolve(result.pushedBranch)).toBe(result.commitSha);
    expect(
      (await repo.git(['rev-parse', `${result.commitSha}^@`])).trim(),
    ).toBe(history.c5);
    expect(await treeAt(repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(repo, history.c1, OVERLAY),
    );
    for (const other of [BASE, OTHER]) {
      expect(await treeAt(repo, result.commitSha, other)).toBe(
        await treeAt(repo, history.c5, other),
      );
    }
    const author = await repo.git([
      'log',
      '-1',
      '--format=%an <%ae>%n%B',
      result.commitSha,
    ]);
    expect(author).toMatch(/^GitOps Console <gitops-console@noreply>\n/);
    expect(author).toContain(
      `GitOps-Console-Action: ${context.actionId}\nRequested-by: user:default/alice`,
    );

    const writes = writesSince(from);
    expect(
      writes.filter(w =>
        w.startsWith('POST /repos/{owner}/{repo}/git/commits'),
      ),
    ).toEqual(['POST /repos/{owner}/{repo}/git/commits 201']);
    expect(writes).toContain('POST /repos/{owner}/{repo}/git/refs 201');
    const created = facade.served.find(
      r =>
        r.method === 'POST' &&
        r.template === '/repos/{owner}/{repo}/pulls' &&
        r.status === 201,
    );
    const pr = created!.body as {
      title: string;
      body: string;
      head: { ref: string };
      base: { ref: string };
    };
    expect(pr.title).toMatch(
      /^GitOps Console: Roll back apps\/checkout\/overlays\/prod to [0-9a-f]{12}$/,
    );
    expect(pr.head.ref).toBe(result.pushedBranch);
    expect(pr.base.ref).toBe('main');
    for (const expected of [
      'component:default/checkout',
      'production',
      'prod-eu',
      'user:default/alice',
      'errors \\| since four replicas',
      history.c1,
      history.c4.slice(0, 12),
      history.c2.slice(0, 12),
      context.entityUrl!,
    ]) {
      expect(pr.body).toContain(expected);
    }

    // Again: the branch, its commit and the pull request are reused.
    const again = facade.served.length;
    const second = await writer.execute(rollback(history), context);
    expect(second).toMatchObject({
      reused: true,
      commitSha: result.commitSha,
      pullRequest: result.pullRequest,
    });
    expect(writesSince(again)).toEqual([]);
    expectServedValid();
  });

  it('direct: a revert-commit on the tracked branch through the API', async () => {
    const history = await fresh();
    const result = await makeWriter({
      git: [{ urlPrefix: `https://${HOST}/acme`, mode: 'direct' }],
    }).execute(revert(history, history.c4), context);
    const { repo } = history;
    expect(result).toMatchObject({
      mode: 'direct',
      pushedBranch: 'main',
      reused: false,
    });
    expect(result.pullRequest).toBeUndefined();
    expect(await repo.resolve('main')).toBe(result.commitSha);
    expect(await treeAt(repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(repo, history.c2, OVERLAY),
    );
    expect(await treeAt(repo, result.commitSha, BASE)).toBe(
      await treeAt(repo, history.c5, BASE),
    );
    expectServedValid();
  });

  it('uploads merged file content a revert creates', async () => {
    const history = await fresh();
    // A file c2 changed at its start, changed again at its end later:
    // reverting c2 merges both, giving content no commit holds.
    const { repo } = history;
    await repo.commit({
      message: 'lines',
      files: { [`${OVERLAY}/lines.txt`]: 'a\nb\nc\nd\ne\nf\n' },
    });
    const first = await repo.commit({
      message: 'first line',
      files: { [`${OVERLAY}/lines.txt`]: 'A\nb\nc\nd\ne\nf\n' },
    });
    await repo.commit({
      message: 'last line',
      files: { [`${OVERLAY}/lines.txt`]: 'A\nb\nc\nd\ne\nF\n' },
    });
    const result = await makeWriter().execute(
      revert(history, first),
      { ...context, actionId: 'merged-content' },
      { mode: 'direct' },
    );
    expect(
      await repo.git(['show', `${result.commitSha}:${OVERLAY}/lines.txt`]),
    ).toBe('a\nb\nc\nd\ne\nF\n');
  });

  it('a conflicting revert and a stale expectedHead write nothing', async () => {
    const history = await fresh();
    const before = await refsOf(history.repo);
    const from = facade.served.length;
    const writer = makeWriter();
    await expect(
      writer.execute(revert(history, history.c2), context),
    ).rejects.toBeInstanceOf(RevertConflictError);
    await expect(
      writer.execute(
        { ...rollback(history), expectedHead: history.c2 },
        context,
      ),
    ).rejects.toBeInstanceOf(StaleHeadError);
    expect(writesSince(from)).toEqual([]);
    expect(await refsOf(history.repo)).toBe(before);
  });

  it('concurrent calls of one action make one branch and one pull request', async () => {
    const history = await fresh();
    const writer = makeWriter();
    const from = facade.served.length;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        writer.execute(rollback(history), {
          ...context,
          actionId: 'concurrent-1',
        }),
      ),
    );
    expect(new Set(results.map(r => r.commitSha)).size).toBe(1);
    expect(new Set(results.map(r => r.pullRequest?.number)).size).toBe(1);
    const created = writesSince(from).filter(
      w => w === 'POST /repos/{owner}/{repo}/pulls 201',
    );
    expect(created).toHaveLength(1);
    const branches = await history.repo.git([
      'for-each-ref',
      '--format=%(refname)',
      'refs/heads/gitops-console/',
    ]);
    expect(branches.trim().split('\n')).toEqual([
      'refs/heads/gitops-console/rollback-concurrent1',
    ]);
    expect(
      await history.repo.resolve(
        'refs/heads/gitops-console/rollback-concurrent1',
      ),
    ).toBe(results[0].commitSha);
    expectServedValid();
  });

  it('direct: a tracked branch that moved before the ref update is a conflict', async () => {
    const history = await fresh();
    let interloper = '';
    const racing: typeof fetch = async (input, init) => {
      if (
        init?.method === 'PATCH' &&
        String(input).includes('/git/refs/') &&
        !interloper
      ) {
        interloper = await history.repo.commit({
          message: 'someone else',
          files: { 'README.md': 'x\n' },
        });
      }
      return fetch(input, init);
    };
    await expect(
      makeWriter({}, racing).execute(
        rollback(history),
        { ...context, actionId: 'moved' },
        { mode: 'direct' },
      ),
    ).rejects.toMatchObject({ name: 'BranchMovedError', field: 'branch' });
    expect(await history.repo.resolve('main')).toBe(interloper);
  });

  it('previews without writing', async () => {
    const history = await fresh();
    const from = facade.served.length;
    const plan = await makeWriter().preview(rollback(history));
    expect(plan.commitsUndone.map(c => c.sha)).toEqual([
      history.c4,
      history.c2,
    ]);
    expect(plan.warnings.map(w => w.code).sort()).toEqual([
      'changes-outside-path',
      'risky-commit',
    ]);
    expect(writesSince(from)).toEqual([]);
  });
});
