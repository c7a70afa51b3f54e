import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GitRevisionNotFoundError } from '@gitops-console/plugin-gitops-node';
import { GitServer, startGitServer } from '@gitops-console/testkit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitCommandError, GitRepositoryNotAllowedError } from '../errors';
import {
  alice,
  bob,
  createDeployHistory,
  DeployHistory,
} from '../testUtils/deployHistory';
import { itReadsTheDeployHistory } from '../testUtils/providerContract';
import { GitHttpCredentials } from './gitHttpCredentials';
import { defaultGitRunner, GitRunOptions } from './gitRunner';
import { PlainGitProvider, PlainGitProviderOptions } from './PlainGitProvider';

jest.setTimeout(30_000);

let server: GitServer;
let history: DeployHistory;
const tempDirs: string[] = [];

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-plain-git-'));
  tempDirs.push(dir);
  return dir;
}

const basic = (secret: string): GitHttpCredentials => ({
  authorization: async () =>
    `Basic ${Buffer.from(`git:${secret}`).toString('base64')}`,
});

/** A provider with its own cache folder and a log of git invocations. */
function makeProvider(options: Partial<PlainGitProviderOptions> = {}) {
  const calls: GitRunOptions[] = [];
  let now = Date.parse('2024-02-01T00:00:00Z');
  const provider = new PlainGitProvider({
    cacheDir: tempDir(),
    fetchIntervalSeconds: 30,
    credentials: basic(server.token),
    runner: run => {
      calls.push(run);
      return defaultGitRunner(run);
    },
    now: () => now,
    ...options,
  });
  const fetches = () =>
    calls.filter(call => call.args.includes('fetch')).length;
  const advance = (seconds: number) => {
    now += seconds * 1000;
  };
  return { provider, calls, fetches, advance };
}

beforeAll(async () => {
  server = await startGitServer();
  history = await createDeployHistory(server, 'acme/deploy');
});

afterAll(async () => {
  await server?.stop();
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe.each([
  ['smart HTTP', () => history.repo.url],
  ['file://', () => `file://${history.repo.gitDir}`],
])('PlainGitProvider over %s', (_, repoUrlOf) => {
  let provider: PlainGitProvider;
  beforeAll(() => {
    provider = makeProvider().provider;
  });
  itReadsTheDeployHistory(() => ({
    provider,
    repoUrl: repoUrlOf(),
    history,
  }));
});

describe('PlainGitProvider fetching', () => {
  it('fetches at most once per interval, and refresh() fetches at once', async () => {
    const repo = await server.createRepository('acme/fetching');
    const first = await repo.commit({
      message: 'one',
      files: { 'app/a.yaml': '1' },
      author: alice,
    });
    const { provider, fetches, advance } = makeProvider();
    const read = () =>
      provider.resolveRevision({ repoUrl: repo.url, ref: 'main' });

    await expect(read()).resolves.toBe(first);
    const second = await repo.commit({
      message: 'two',
      files: { 'app/a.yaml': '2' },
      author: alice,
    });
    advance(10);
    await Promise.all([read(), read(), read()]);
    expect(fetches()).toBe(0);
    await expect(read()).resolves.toBe(first);

    advance(25);
    await Promise.all([read(), read()]);
    expect(fetches()).toBe(1);
    await expect(read()).resolves.toBe(second);

    const third = await repo.commit({
      message: 'three',
      files: { 'app/a.yaml': '3' },
      author: alice,
    });
    await provider.refresh(repo.url);
    expect(fetches()).toBe(2);
    await expect(read()).resolves.toBe(third);
  });

  it('does not clone on refresh() of a repository it never read', async () => {
    const cacheDir = tempDir();
    const { provider, calls } = makeProvider({ cacheDir });
    await provider.refresh(history.repo.url);
    expect(calls).toEqual([]);
    expect(fs.readdirSync(cacheDir)).toEqual([]);
  });

  it('sees a force-push: since is then no ancestor, and the list holds what it cannot reach', async () => {
    const repo = await server.createRepository('acme/force-push');
    const base = await repo.commit({
      message: 'base',
      files: { 'apps/inventory/a.yaml': '1' },
      author: alice,
      date: '2024-03-01T10:00:00Z',
    });
    const deployed = await repo.commit({
      message: 'deployed, later rewritten',
      files: { 'apps/inventory/a.yaml': '2' },
      author: alice,
      date: '2024-03-02T10:00:00Z',
    });
    const { provider, advance } = makeProvider();
    await expect(
      provider.resolveRevision({ repoUrl: repo.url, ref: 'main' }),
    ).resolves.toBe(deployed);

    // Rewrite main: `deployed` is no longer on it.
    await repo.branch('main', base);
    const rewritten = await repo.commit({
      message: 'rewritten',
      files: { 'apps/inventory/a.yaml': '3' },
      author: bob,
      date: '2024-03-03T10:00:00Z',
    });
    const outside = await repo.commit({
      message: 'outside the path',
      files: { 'docs/x.md': 'x' },
      author: bob,
      date: '2024-03-04T10:00:00Z',
    });
    advance(60);

    await expect(
      provider.isAncestor({
        repoUrl: repo.url,
        ancestor: deployed,
        descendant: outside,
      }),
    ).resolves.toBe(false);
    const list = await provider.listCommits({
      repoUrl: repo.url,
      ref: 'main',
      path: 'apps/inventory',
      since: deployed,
      limit: 20,
    });
    expect(list.commits.map(c => c.sha)).toEqual([rewritten]);

    // A fresh mirror never saw `deployed`: that is a missing revision.
    const fresh = makeProvider().provider;
    await expect(
      fresh.listCommits({
        repoUrl: repo.url,
        ref: 'main',
        path: 'apps/inventory',
        since: deployed,
        limit: 20,
      }),
    ).rejects.toThrow(
      new GitRevisionNotFoundError(repo.url.replace(/\.git$/, ''), deployed),
    );
  });

  it('serves the mirror and reports staleness when a fetch fails', async () => {
    const origin = tempDir();
    const repo = await server.createRepository('acme/stale');
    const head = await repo.commit({
      message: 'one',
      files: { 'a.yaml': '1' },
      author: alice,
    });
    fs.cpSync(repo.gitDir, path.join(origin, 'stale.git'), { recursive: true });
    const repoUrl = `file://${origin}/stale.git`;
    const { provider, advance } = makeProvider();
    await provider.resolveRevision({ repoUrl, ref: 'main' });
    expect(provider.getStaleness(repoUrl)).toBeUndefined();

    fs.rmSync(path.join(origin, 'stale.git'), { recursive: true });
    advance(60);
    await expect(
      provider.resolveRevision({ repoUrl, ref: 'main' }),
    ).resolves.toBe(head);
    expect(provider.getStaleness(repoUrl)).toEqual({
      reason: expect.stringMatching(/^git fetch failed for file:.*stale\.git/),
      since: '2024-02-01T00:01:00.000Z',
    });
    await expect(provider.refresh(repoUrl)).rejects.toBeInstanceOf(
      GitCommandError,
    );
  });

  it('keeps at most maxCachedRepos mirrors, evicting the least recently used', async () => {
    const names = ['acme/lru-a', 'acme/lru-b', 'acme/lru-c'];
    const repos = await Promise.all(names.map(n => server.createRepository(n)));
    for (const repo of repos) {
      await repo.commit({ message: 'x', files: { x: '1' }, author: alice });
    }
    const cacheDir = tempDir();
    const { provider } = makeProvider({ cacheDir, maxCachedRepos: 2 });
    const read = (i: number) =>
      provider.resolveRevision({ repoUrl: repos[i].url, ref: 'main' });
    await read(0);
    await read(1);
    await read(0);
    await read(2); // evicts lru-b, the least recently used
    const mirrors = fs.readdirSync(cacheDir).sort();
    expect(mirrors).toHaveLength(2);
    expect(mirrors.some(m => m.endsWith('-lru-b.git'))).toBe(false);
  });
});

describe('PlainGitProvider credentials', () => {
  it('reads the token of a matching integration from config', async () => {
    const host = new URL(server.url).host;
    const provider = PlainGitProvider.fromConfig(
      new ConfigReader({
        integrations: {
          gitlab: [
            { host, token: server.token, apiBaseUrl: `${server.url}/api/v4` },
          ],
        },
        gitops: { git: { cacheDir: tempDir() } },
      }),
      { logger: mockServices.logger.mock() },
    );
    await expect(
      provider.resolveRevision({ repoUrl: history.repo.url, ref: 'v1.0' }),
    ).resolves.toBe(history.squashPr34);
  });

  it('keeps the secret out of argv and out of error messages', async () => {
    const secret = 'wrong-secret-6f1d2c';
    const { provider, calls } = makeProvider({ credentials: basic(secret) });
    const error = await provider
      .resolveRevision({
        repoUrl: history.repo.url.replace('://', '://someone:pw-in-url@'),
        ref: 'main',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.message).toMatch(
      /^git clone failed for http:\/\/127\.0\.0\.1:\d+\/acme\/deploy/,
    );
    const encoded = Buffer.from(`git:${secret}`).toString('base64');
    for (const text of [
      error.message,
      JSON.stringify(calls.map(c => c.args)),
    ]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encoded);
      expect(text).not.toContain('pw-in-url');
    }
    // The header travels in the environment, scoped to the repository's origin.
    expect(calls[0].env).toMatchObject({
      GIT_CONFIG_KEY_0: `http.${server.url}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${encoded}`,
      GIT_ALLOW_PROTOCOL: 'http',
    });
  });

  it('refuses a URL outside the allow-list before running git', async () => {
    const provider = PlainGitProvider.fromConfig(
      new ConfigReader({ gitops: { git: { cacheDir: tempDir() } } }),
      { logger: mockServices.logger.mock() },
    );
    await expect(
      provider.resolveRevision({ repoUrl: history.repo.url, ref: 'main' }),
    ).rejects.toBeInstanceOf(GitRepositoryNotAllowedError);
    expect(provider.supports(history.repo.url)).toBe(false);
  });
});
