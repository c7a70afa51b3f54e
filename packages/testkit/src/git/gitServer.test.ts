import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../process/tempDir';
import { execGit, runGit } from './runGit';
import { GitServer, startGitServer } from './gitServer';

jest.setTimeout(60_000);

const alice = { name: 'Alice Example', email: 'alice@example.com' };
const bob = { name: 'Bob Example', email: 'bob@example.com' };

describe('Git over smart HTTP', () => {
  let server: GitServer;
  let work: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    server = await startGitServer();
    work = makeTempDir('testkit-git-test');
  });

  afterAll(async () => {
    await server?.stop();
    work?.remove();
  });

  it('clones, commits, pushes over HTTP and reads the history back', async () => {
    const repo = await server.createRepository('acme/deployments');
    const first = await repo.commit({
      message: 'Add inventory',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
      author: alice,
      date: '2024-05-01T10:00:00Z',
    });

    const checkout = path.join(work.path, 'deployments');
    await runGit(['clone', '--quiet', repo.authenticatedUrl, checkout]);
    fs.writeFileSync(
      path.join(checkout, 'apps/inventory/deployment.yaml'),
      'replicas: 3\n',
    );
    const identity = {
      GIT_AUTHOR_NAME: bob.name,
      GIT_AUTHOR_EMAIL: bob.email,
      GIT_COMMITTER_NAME: bob.name,
      GIT_COMMITTER_EMAIL: bob.email,
    };
    await runGit(['commit', '--quiet', '-am', 'Scale inventory to 3'], {
      cwd: checkout,
      env: identity,
    });
    await runGit(['push', '--quiet', 'origin', 'main'], { cwd: checkout });

    const history = await repo.log('main');
    expect(history.map(c => c.subject)).toEqual([
      'Scale inventory to 3',
      'Add inventory',
    ]);
    expect(history[0]).toMatchObject({
      authorName: bob.name,
      authorEmail: bob.email,
      parents: [first],
    });
    expect(history[1]).toMatchObject({
      sha: first,
      authorEmail: alice.email,
      authorDate: '2024-05-01T10:00:00Z',
    });

    // A second clone sees the pushed commit too.
    const again = path.join(work.path, 'again');
    await runGit(['clone', '--quiet', repo.authenticatedUrl, again]);
    expect(
      fs.readFileSync(
        path.join(again, 'apps/inventory/deployment.yaml'),
        'utf8',
      ),
    ).toBe('replicas: 3\n');
  });

  it('refuses clients without the token', async () => {
    const repo = await server.createRepository('acme/private');
    await repo.commit({ message: 'init', files: { 'README.md': 'hi\n' } });
    const clone = await execGit([
      'clone',
      repo.url,
      path.join(work.path, 'denied'),
    ]);
    expect(clone.code).not.toBe(0);
    expect(clone.stderr).toMatch(
      /Authentication failed|401|could not read Username/i,
    );

    const wrong = repo.url.replace('http://', 'http://git:wrong-token@');
    const push = await execGit(['ls-remote', wrong]);
    expect(push.code).not.toBe(0);
  });

  it('scripts histories with paths, authors, dates, branches, merges and tags', async () => {
    const repo = await server.createRepository('acme/scripted');
    await repo.commit({
      message: 'base',
      files: {
        'apps/a/kustomization.yaml': 'a: 1\n',
        'apps/b/kustomization.yaml': 'b: 1\n',
      },
      author: alice,
      date: '2024-01-01T00:00:00Z',
    });
    await repo.branch('feature');
    await repo.commit({
      branch: 'feature',
      message: 'change b on a branch',
      files: { 'apps/b/kustomization.yaml': 'b: 2\n' },
      author: bob,
      date: '2024-01-02T00:00:00Z',
    });
    await repo.commit({
      message: 'change a on main',
      files: { 'apps/a/kustomization.yaml': 'a: 2\n' },
      author: alice,
      date: '2024-01-03T00:00:00Z',
    });
    const merge = await repo.merge({
      from: 'feature',
      message: 'Merge feature',
      date: '2024-01-04T00:00:00Z',
    });
    await repo.commit({
      message: 'remove b',
      files: { 'apps/b/kustomization.yaml': null },
    });
    await repo.tag('v1.0.0', {
      target: merge,
      message: 'release 1.0.0',
      date: '2024-01-05T00:00:00Z',
    });
    await repo.tag('latest');

    const log = await repo.log('main');
    expect(log.map(c => c.subject)).toEqual([
      'remove b',
      'Merge feature',
      'change a on main',
      'change b on a branch',
      'base',
    ]);
    expect(log.find(c => c.sha === merge)!.parents).toHaveLength(2);
    expect((await repo.log('main', 'apps/a')).map(c => c.subject)).toEqual([
      'change a on main',
      'base',
    ]);
    expect(await repo.resolve('v1.0.0')).toBe(merge);
    expect(
      (await repo.git(['cat-file', '-t', 'refs/tags/v1.0.0'])).trim(),
    ).toBe('tag');
    expect(
      (await repo.git(['cat-file', '-t', 'refs/tags/latest'])).trim(),
    ).toBe('commit');
    expect(
      (await repo.git(['ls-tree', '-r', '--name-only', 'main'])).trim(),
    ).toBe('apps/a/kustomization.yaml');
  });

  it('reports merge conflicts with the paths involved', async () => {
    const repo = await server.createRepository('acme/conflicts');
    await repo.commit({ message: 'base', files: { 'x.yaml': 'v: 1\n' } });
    await repo.branch('other');
    await repo.commit({ message: 'main side', files: { 'x.yaml': 'v: 2\n' } });
    await repo.commit({
      branch: 'other',
      message: 'other side',
      files: { 'x.yaml': 'v: 3\n' },
    });
    await expect(repo.merge({ from: 'other' })).rejects.toThrow(
      /conflicts in: x\.yaml/,
    );
  });
});
