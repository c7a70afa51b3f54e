import { ConfigReader } from '@backstage/config';
import { GitServer, startGitServer } from '@gitops-console/testkit';
import fs from 'node:fs';
import { GitCommandError, GitRepositoryNotAllowedError } from '../git/errors';
import { defaultGitRunner, GitRunOptions } from '../git/plain/gitRunner';
import { GitHttpCredentials } from '../git/plain/gitHttpCredentials';
import {
  ActionBranchTakenError,
  BranchMovedError,
  CommitNotOnPathError,
  NothingToUndoError,
  RevertConflictError,
  StaleHeadError,
  TargetNotInHistoryError,
} from './errors';
import { PlainGitActionWriter } from './PlainGitActionWriter';
import {
  DEFAULT_BOT_IDENTITY,
  DEFAULT_RISKY_COMMIT_PATTERN,
} from './readActionsConfig';
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

let server: GitServer;
let repoCount = 0;

beforeAll(async () => {
  server = await startGitServer();
});
afterAll(async () => {
  await server?.stop();
});

const credentials = (): GitHttpCredentials => ({
  authorization: async () =>
    `Basic ${Buffer.from(`git:${server.token}`).toString('base64')}`,
});

const ACTIONS = {
  rules: [],
  botIdentity: DEFAULT_BOT_IDENTITY,
  riskyCommitPattern: new RegExp(DEFAULT_RISKY_COMMIT_PATTERN, 'i'),
};

/** A writer with a log of its git calls and the work folders they used. */
function makeWriter(runner = defaultGitRunner) {
  const calls: GitRunOptions[] = [];
  const folders: { dir: string; mode: number }[] = [];
  const writer = new PlainGitActionWriter({
    actions: ACTIONS,
    credentials: credentials(),
    runner: run => {
      calls.push(run);
      if (run.args.includes('clone')) {
        const dir = run.args[run.args.length - 1];
        folders.push({ dir, mode: fs.statSync(dir).mode & 0o777 });
      }
      return runner(run);
    },
  });
  return { writer, calls, folders };
}

async function fresh(): Promise<RollbackHistory> {
  repoCount += 1;
  return createRollbackHistory(server, `acme/deploy-${repoCount}`);
}

const context = (actionId: string): ActionContext => ({
  actionId,
  requestedBy: 'user:default/alice',
  reason: 'checkout errors since four replicas',
});

const rollback = (
  history: RollbackHistory,
  extra: Partial<GitActionRequest> = {},
): GitActionRequest =>
  ({
    type: 'rollback',
    repoUrl: history.repo.url,
    branch: 'main',
    paths: [OVERLAY],
    targetRevision: history.c1,
    renderInputs: [OVERLAY, BASE],
    ...(extra as object),
  } as GitActionRequest);

const revert = (
  history: RollbackHistory,
  commit: string,
): GitActionRequest => ({
  type: 'revert-commit',
  repoUrl: history.repo.url,
  branch: 'main',
  paths: [OVERLAY],
  commit,
});

describe('PlainGitActionWriter.preview', () => {
  let history: RollbackHistory;
  beforeAll(async () => {
    history = await fresh();
  });

  it('lists the commits undone, the files with line counts and the warnings, writing nothing', async () => {
    const before = await refsOf(history.repo);
    const { writer, folders } = makeWriter();
    const plan = await writer.preview(rollback(history));

    expect(plan.head).toBe(history.c5);
    expect(plan.expectedHead).toBe(history.c4);
    expect(plan.target).toBe(history.c1);
    expect(plan.commitsUndone.map(c => c.sha)).toEqual([
      history.c4,
      history.c2,
    ]);
    expect(plan.files).toEqual([
      {
        path: `${OVERLAY}/extra.yaml`,
        status: 'deleted',
        additions: 0,
        deletions: 1,
      },
      {
        path: `${OVERLAY}/patch.yaml`,
        status: 'modified',
        additions: 1,
        deletions: 1,
      },
    ]);
    const outside = plan.warnings.find(w => w.code === 'changes-outside-path');
    expect(outside?.files).toEqual([`${BASE}/deployment.yaml`]);
    expect(outside?.commits.map(c => c.sha)).toEqual([history.c3]);
    const risky = plan.warnings.find(w => w.code === 'risky-commit');
    expect(risky?.commits.map(c => c.sha)).toEqual([history.c4]);

    expect(await refsOf(history.repo)).toBe(before);
    expect(folders).toHaveLength(1);
    expect(folders[0].mode).toBe(0o700);
    expect(fs.existsSync(folders[0].dir)).toBe(false);
  });

  it('warns of nothing outside the path when the render inputs are the path alone', async () => {
    const plan = await makeWriter().writer.preview(
      rollback(history, { renderInputs: [OVERLAY] }),
    );
    expect(plan.warnings.map(w => w.code)).toEqual(['risky-commit']);
  });

  it('lists a merged pull request once, by its merge commit on the first-parent line', async () => {
    const merged = await fresh();
    await merged.repo.branch('feature', 'main');
    const inner = await merged.repo.commit({
      branch: 'feature',
      message: 'checkout: five replicas',
      files: { [`${OVERLAY}/patch.yaml`]: 'kind: Deployment\nreplicas: 5\n' },
    });
    const merge = await merged.repo.merge({
      from: 'feature',
      message: 'Merge pull request #7',
    });
    const plan = await makeWriter().writer.preview(
      rollback(merged, { targetRevision: merged.c5 }),
    );
    expect(plan.commitsUndone.map(c => c.sha)).toEqual([merge]);
    expect(plan.commitsUndone.map(c => c.sha)).not.toContain(inner);
    expect(plan.expectedHead).toBe(merge);
  });

  it('refuses a target that is not in the history, naming the field', async () => {
    const { writer } = makeWriter();
    const side = await history.repo.commit({
      branch: 'side',
      message: 'side: unmerged',
      files: { [`${OVERLAY}/patch.yaml`]: 'replicas: 9\n' },
    });
    for (const targetRevision of [
      '0123456789abcdef0123456789abcdef01234567',
      side,
      'main~1',
    ]) {
      const refusal = writer.preview(rollback(history, { targetRevision }));
      await expect(refusal).rejects.toBeInstanceOf(TargetNotInHistoryError);
      await expect(refusal).rejects.toMatchObject({
        field: 'targetRevision',
        code: 'target-not-in-history',
      });
    }
  });

  it('refuses a target that predates the path', async () => {
    const repo = await server.createRepository(`acme/young-${repoCount}`);
    const first = await repo.commit({
      message: 'readme',
      files: { 'README.md': 'hi\n' },
    });
    await repo.commit({ message: 'app', files: { 'apps/a/x.yaml': 'a: 1\n' } });
    await expect(
      makeWriter().writer.preview({
        type: 'rollback',
        repoUrl: repo.url,
        branch: 'main',
        paths: ['apps/a'],
        targetRevision: first,
      }),
    ).rejects.toThrow(/path apps\/a does not exist at that commit/);
  });

  it('refuses a target at the head of the path, or after it', async () => {
    for (const targetRevision of [history.c4, history.c5]) {
      await expect(
        makeWriter().writer.preview(rollback(history, { targetRevision })),
      ).rejects.toMatchObject({
        name: NothingToUndoError.name,
        field: 'targetRevision',
      });
    }
  });

  it('refuses to revert a commit that does not touch the path', async () => {
    await expect(
      makeWriter().writer.preview(revert(history, history.c3)),
    ).rejects.toMatchObject({
      name: CommitNotOnPathError.name,
      field: 'commit',
    });
  });

  it('refuses a stale expectedHead, listing the newer commits', async () => {
    const refusal = makeWriter().writer.preview(
      rollback(history, { expectedHead: history.c2 }),
    );
    await expect(refusal).rejects.toBeInstanceOf(StaleHeadError);
    await expect(refusal).rejects.toMatchObject({
      field: 'expectedHead',
      newer: [{ sha: history.c4, subject: 'checkout: four replicas' }],
    });
    // The current one passes.
    await expect(
      makeWriter().writer.preview(
        rollback(history, { expectedHead: history.c4 }),
      ),
    ).resolves.toMatchObject({ expectedHead: history.c4 });
  });
});

describe('PlainGitActionWriter.execute', () => {
  it("direct: one commit on the branch whose tree at the path is the target's, other paths untouched", async () => {
    const history = await fresh();
    const { writer } = makeWriter();
    const result = await writer.execute(
      rollback(history),
      context('act-direct-1'),
      { mode: 'direct' },
    );

    const { repo } = history;
    expect(result).toMatchObject({
      mode: 'direct',
      pushedBranch: 'main',
      reused: false,
    });
    expect(await repo.resolve('main')).toBe(result.commitSha);
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
    const changed = (
      await repo.git([
        'diff-tree',
        '-r',
        '--name-only',
        '--no-commit-id',
        result.commitSha,
      ])
    )
      .trim()
      .split('\n');
    expect(changed.every(file => file.startsWith(`${OVERLAY}/`))).toBe(true);

    const message = await repo.git([
      'log',
      '-1',
      '--format=%an <%ae>|%cn <%ce>|%B',
      result.commitSha,
    ]);
    expect(message).toContain(
      'GitOps Console <gitops-console@noreply>|GitOps Console <gitops-console@noreply>|',
    );
    expect(message).toMatch(
      /\|Roll back apps\/checkout\/overlays\/prod to [0-9a-f]{12}$/m,
    );
    const trailers = await repo.git(['interpret-trailers', '--parse'], {
      input: message.split('|')[2],
    });
    expect(trailers).toContain('GitOps-Console-Action: act-direct-1');
    expect(trailers).toContain('Requested-by: user:default/alice');

    // The same action again: the pushed commit is found, nothing new is written.
    const again = await writer.execute(
      rollback(history),
      context('act-direct-1'),
      { mode: 'direct' },
    );
    expect(again).toMatchObject({ reused: true, commitSha: result.commitSha });
    expect(await repo.resolve('main')).toBe(result.commitSha);
  });

  it('branch (the default): pushes gitops-console/rollback-<id>, leaves the tracked branch, and reuses it', async () => {
    const history = await fresh();
    const { writer } = makeWriter();
    const result = await writer.execute(
      rollback(history),
      context('7f3c9a1e-aaaa-bbbb'),
    );

    expect(result).toMatchObject({
      mode: 'branch',
      pushedBranch: 'gitops-console/rollback-7f3c9a1eaaaa',
      reused: false,
    });
    expect(await history.repo.resolve('main')).toBe(history.c5);
    expect(await history.repo.resolve(result.pushedBranch)).toBe(
      result.commitSha,
    );
    expect(await treeAt(history.repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(history.repo, history.c1, OVERLAY),
    );

    const again = await writer.execute(
      rollback(history),
      context('7f3c9a1e-aaaa-bbbb'),
    );
    expect(again).toMatchObject({ reused: true, commitSha: result.commitSha });
    expect(await history.repo.log(result.pushedBranch)).toHaveLength(6);

    // Another action whose short id names the same branch is refused.
    await expect(
      writer.execute(rollback(history), context('7f3c9a1e-aaaa-bbbb-other')),
    ).rejects.toBeInstanceOf(ActionBranchTakenError);
  });

  it('concurrent calls of one action push one branch', async () => {
    const history = await fresh();
    const { writer } = makeWriter();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        writer.execute(rollback(history), context('same-action')),
      ),
    );
    // Either the later pushes found the first one's commit, or (made in the
    // same second) they made the very same commit: one commit either way.
    expect(new Set(results.map(r => r.commitSha)).size).toBe(1);
    expect(
      await history.repo.resolve('gitops-console/rollback-sameaction'),
    ).toBe(results[0].commitSha);
    expect(
      await history.repo.log('gitops-console/rollback-sameaction'),
    ).toHaveLength(6);
  });

  it('revert-commit: applies git revert restricted to the path', async () => {
    const history = await fresh();
    const result = await makeWriter().writer.execute(
      revert(history, history.c4),
      context('act-revert'),
      { mode: 'direct' },
    );
    const { repo } = history;
    // c4 was the only overlay change after c2, so the overlay is c2's again.
    expect(await treeAt(repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(repo, history.c2, OVERLAY),
    );
    expect(await treeAt(repo, result.commitSha, BASE)).toBe(
      await treeAt(repo, history.c5, BASE),
    );
    expect(result.plan?.commitsUndone.map(c => c.sha)).toEqual([history.c4]);
    expect(
      await repo.git(['log', '-1', '--format=%s', result.commitSha]),
    ).toMatch(
      /^Revert "checkout: four replicas" in apps\/checkout\/overlays\/prod/,
    );
  });

  it("revert-commit leaves the commit's changes outside the path, and says so", async () => {
    const history = await fresh();
    const { repo } = history;
    const both = await repo.commit({
      message: 'checkout: schema v3 everywhere',
      files: {
        [`${OVERLAY}/extra.yaml`]: 'kind: ConfigMap\nschema: 3\n',
        [`${BASE}/deployment.yaml`]: 'kind: Deployment\nimage: checkout:v3\n',
      },
    });
    const result = await makeWriter().writer.execute(
      revert(history, both),
      context('act-both'),
      { mode: 'direct' },
    );
    expect(result.plan?.warnings.map(w => w.code)).toEqual([
      'commit-outside-path',
      'risky-commit',
    ]);
    expect(result.plan?.warnings[0].files).toEqual([`${BASE}/deployment.yaml`]);
    expect(await treeAt(repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(repo, history.c5, OVERLAY),
    );
    expect(await treeAt(repo, result.commitSha, BASE)).toBe(
      await treeAt(repo, both, BASE),
    );
  });

  it('a conflicting revert names the files and writes nothing', async () => {
    const history = await fresh();
    const before = await refsOf(history.repo);
    const { writer, calls } = makeWriter();
    const attempt = writer.execute(
      revert(history, history.c2),
      context('act-conflict'),
      { mode: 'direct' },
    );
    await expect(attempt).rejects.toBeInstanceOf(RevertConflictError);
    await expect(attempt).rejects.toMatchObject({
      field: 'commit',
      files: [`${OVERLAY}/patch.yaml`],
    });
    expect(await refsOf(history.repo)).toBe(before);
    expect(calls.some(call => call.args.includes('push'))).toBe(false);
  });

  it('a stale expectedHead refuses before anything is pushed', async () => {
    const history = await fresh();
    const before = await refsOf(history.repo);
    await expect(
      makeWriter().writer.execute(
        rollback(history, { expectedHead: history.c1 }),
        context('act-stale'),
        { mode: 'direct' },
      ),
    ).rejects.toMatchObject({
      name: 'StaleHeadError',
      newer: [{ sha: history.c4 }, { sha: history.c2 }],
    });
    expect(await refsOf(history.repo)).toBe(before);
  });

  it('a branch that moved during the write is a conflict, and the other commit stays', async () => {
    const history = await fresh();
    let interloper = '';
    const { writer } = makeWriter(async run => {
      if (run.args.includes('push') && !interloper) {
        interloper = await history.repo.commit({
          message: 'someone else',
          files: { 'README.md': 'x\n' },
        });
      }
      return defaultGitRunner(run);
    });
    await expect(
      writer.execute(rollback(history), context('act-moved'), {
        mode: 'direct',
      }),
    ).rejects.toBeInstanceOf(BranchMovedError);
    expect(await history.repo.resolve('main')).toBe(interloper);
  });

  it('keeps the credentials out of argv', async () => {
    const history = await fresh();
    const { writer, calls } = makeWriter();
    await writer.preview(rollback(history));
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.args.join(' ')).not.toContain(server.token);
    }
    expect(
      calls.some(call =>
        JSON.stringify(call.env ?? {}).includes('Authorization: Basic'),
      ),
    ).toBe(true);
  });

  it('a refused clone names the repository, not the secret, and leaves no folder', async () => {
    const history = await fresh();
    const folders: string[] = [];
    const writer = new PlainGitActionWriter({
      actions: ACTIONS,
      credentials: {
        authorization: async () =>
          `Basic ${Buffer.from('git:wrong-secret-123').toString('base64')}`,
      },
      runner: run => {
        if (run.args.includes('clone'))
          folders.push(run.args[run.args.length - 1]);
        return defaultGitRunner(run);
      },
    });
    const attempt = writer.preview(rollback(history));
    await expect(attempt).rejects.toBeInstanceOf(GitCommandError);
    await expect(attempt).rejects.toThrow(
      history.repo.url.replace(/\.git$/, ''),
    );
    await expect(attempt).rejects.not.toThrow(/wrong-secret-123|Authorization/);
    expect(folders.length).toBeGreaterThan(0);
    for (const dir of folders) expect(fs.existsSync(dir)).toBe(false);
  });

  it('fromConfig refuses a repository no integration or allowed host covers', async () => {
    const history = await fresh();
    const writer = PlainGitActionWriter.fromConfig(new ConfigReader({}));
    await expect(writer.preview(rollback(history))).rejects.toBeInstanceOf(
      GitRepositoryNotAllowedError,
    );
    const allowed = PlainGitActionWriter.fromConfig(
      new ConfigReader({ gitops: { git: { allowedHosts: [server.url] } } }),
      { credentials: credentials() },
    );
    await expect(allowed.preview(rollback(history))).resolves.toMatchObject({
      target: history.c1,
    });
  });

  it('restores each path of a multi-path rollback', async () => {
    const history = await fresh();
    const result = await makeWriter().writer.execute(
      rollback(history, { paths: [OVERLAY, OTHER] }),
      context('act-multi'),
      { mode: 'direct' },
    );
    const { repo } = history;
    expect(await treeAt(repo, result.commitSha, OVERLAY)).toBe(
      await treeAt(repo, history.c1, OVERLAY),
    );
    expect(await treeAt(repo, result.commitSha, OTHER)).toBe(
      await treeAt(repo, history.c1, OTHER),
    );
    expect(await treeAt(repo, result.commitSha, BASE)).toBe(
      await treeAt(repo, history.c5, BASE),
    );
  });
});
