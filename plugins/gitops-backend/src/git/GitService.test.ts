import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  startGitHubFacade,
  startGitServer,
  waitFor,
  type GitHubFacade,
  type GitServer,
} from '@gitops-console/testkit';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGitSourceFacts } from '../deployments/gitFacts';
import { GitService } from './GitService';
import { PlainGitProvider } from './plain/PlainGitProvider';
import {
  createDeployHistory,
  type DeployHistory,
} from './testUtils/deployHistory';

jest.setTimeout(60_000);

const TOKEN = 'ghs_git-service-token';
const HOST = 'github.service.test';

let server: GitServer;
let facade: GitHubFacade;
let history: DeployHistory;

beforeAll(async () => {
  server = await startGitServer({ anonymousRead: true });
  history = await createDeployHistory(server, 'acme/deploy');
  facade = await startGitHubFacade({ git: server, token: TOKEN });
});

afterAll(async () => {
  await facade?.stop();
  await server?.stop();
});

const services: GitService[] = [];
afterEach(async () => {
  for (const git of services.splice(0)) await git.stop();
});

function service(extra: Record<string, unknown> = {}): GitService {
  const git = GitService.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
      },
      gitops: {
        git: {
          allowedHosts: [new URL(server.url).host],
          fetchIntervalSeconds: 60,
          ...extra,
        },
      },
    }),
    { logger: mockServices.logger.mock() },
  );
  services.push(git);
  return git;
}

describe.each([
  ['plain Git', (name = 'deploy') => `${server.url}/acme/${name}.git`],
  ['GitHub', (name = 'deploy') => `https://${HOST}/acme/${name}`],
])('GitService over %s', (label, repoUrlOf) => {
  it('indexes the first-parent line with changed files, merges diffed against their first parent', async () => {
    const git = service();
    const line = await git.line(repoUrlOf(), 'main');
    expect(line.commits.map(c => c.sha)).toEqual([
      history.initial,
      history.workerBump,
      history.docs,
      history.mergePr12,
      history.squashPr34,
    ]);
    expect(line.at(3).files).toEqual(['apps/inventory/deployment.yaml']);
    expect(line.mergedCommits(history.mergePr12).map(c => c.sha)).toEqual([
      history.featureBump,
    ]);
  });

  it('reads files and folders at a commit', async () => {
    const git = service();
    const reader = git.treeReader(repoUrlOf(), history.initial);
    await expect(
      reader.readFile('apps/inventory/deployment.yaml'),
    ).resolves.toBe('image: inventory:1\n');
    await expect(reader.stat('apps/inventory')).resolves.toBe('dir');
    await expect(reader.stat('apps/nope')).resolves.toBeUndefined();
    await expect(reader.readFile('README.md')).resolves.toBeUndefined();
  });

  it('answers pending, last change and history from memory once warm: no git process, no request', async () => {
    const git = service();
    const query = {
      repoUrl: repoUrlOf(),
      ref: 'main',
      path: 'apps/inventory',
      deployedSha: history.workerBump,
    };
    const warm = await readGitSourceFacts(git, query);
    expect(warm.pendingCommits.map(c => c.sha)).toEqual([
      history.squashPr34,
      history.mergePr12,
    ]);
    expect(warm.lastChange?.sha).toBe(history.initial);
    // A newly deployed revision whose inputs changed is read once (its tree).
    await readGitSourceFacts(git, { ...query, deployedSha: history.mergePr12 });
    const before = git.stats();
    for (let i = 0; i < 20; i++) {
      const facts = await readGitSourceFacts(git, {
        ...query,
        deployedSha: i % 2 ? history.docs : history.mergePr12,
      });
      expect(facts.error).toBeUndefined();
      await facts.commitAt(history.mergePr12);
    }
    expect(git.stats()).toEqual(before);
  });

  it('names the files a push must touch to change settled facts, and none for unsettled ones', async () => {
    const git = service();
    const query = {
      repoUrl: repoUrlOf(),
      ref: 'main',
      path: 'apps/inventory',
    };
    const settled = await readGitSourceFacts(git, {
      ...query,
      deployedSha: history.mergePr12,
    });
    expect(settled.watchPaths).toEqual(['apps/inventory']);
    // A merged branch's commit is off the first-parent line: a history
    // entry there watches any change (historyCommit).
    await settled.commitAt(history.featureBump);
    expect(settled.onTrackedLine(history.featureBump)).toBe(false);
    expect(settled.onTrackedLine(history.mergePr12)).toBe(true);
    // Nothing in the window touches the path: the desired revision is the
    // head, which every push moves.
    const untouched = await readGitSourceFacts(git, {
      ...query,
      path: 'apps/never-touched',
      deployedSha: history.mergePr12,
    });
    expect(untouched.desiredRevision).toBe(history.squashPr34);
    expect(untouched.watchPaths).toBeUndefined();
    // A deployed or compared revision the index does not know may come
    // with the next push.
    const unknown = 'e'.repeat(40);
    for (const facts of [
      await readGitSourceFacts(git, { ...query, deployedSha: unknown }),
      await readGitSourceFacts(git, {
        ...query,
        deployedSha: history.mergePr12,
        comparedSha: unknown,
      }),
    ]) {
      expect(facts.watchPaths).toBeUndefined();
    }
  });

  it('fetches once when the cluster runs a commit newer than the index', async () => {
    const git = service();
    const name = `ahead-${label.replace(/\W/g, '')}`;
    const repo = await server.createRepository(`acme/${name}`);
    await repo.commit({
      message: 'inventory: first',
      files: { 'apps/inventory/deployment.yaml': 'image: inventory:1\n' },
    });
    const repoUrl = repoUrlOf(name);
    await git.line(repoUrl, 'main');
    const ahead = await repo.commit({
      message: 'inventory: deployed before our fetch',
      files: { 'apps/inventory/deployment.yaml': 'image: inventory:2\n' },
    });
    const facts = await readGitSourceFacts(git, {
      repoUrl,
      ref: 'main',
      path: 'apps/inventory',
      deployedSha: ahead,
    });
    expect(facts).toMatchObject({
      deployedOnBranch: true,
      desiredRevision: ahead,
      pendingCommits: [],
      lastChange: { sha: ahead },
    });
  });

  it('tells listeners when a refresh moved a tracked branch, and the new commit is pending', async () => {
    const git = service();
    const name = `push-${label.replace(/\W/g, '')}`;
    const repo = await server.createRepository(`acme/${name}`);
    const first = await repo.commit({
      message: 'inventory: first',
      files: { 'apps/inventory/deployment.yaml': 'image: inventory:1\n' },
    });
    const repoUrl = repoUrlOf(name);
    await git.line(repoUrl, 'main');
    // The long-lived reader starts before the push…
    await expect(
      git.treeReader(repoUrl, first).readFile('apps/inventory/deployment.yaml'),
    ).resolves.toBe('image: inventory:1\n');
    const changed: string[] = [];
    git.onRepositoryChanged(key => changed.push(key));
    const pushed = await repo.commit({
      message: 'inventory: push',
      files: { 'apps/inventory/deployment.yaml': 'image: inventory:2\n' },
    });
    await git.refresh(repoUrl);
    expect(changed).toHaveLength(1);
    expect(changed[0]).not.toContain('@');
    const facts = await readGitSourceFacts(git, {
      repoUrl,
      ref: 'main',
      path: 'apps/inventory',
      deployedSha: first,
    });
    expect(facts.pendingCommits.map(c => c.sha)).toEqual([pushed]);
    // …and reads objects the fetch brought in.
    await expect(
      git
        .treeReader(repoUrl, pushed)
        .readFile('apps/inventory/deployment.yaml'),
    ).resolves.toBe('image: inventory:2\n');
  });
});

describe('GitService over GitHub, reading render inputs', () => {
  it('tells a file from a folder from the commit tree, without fetching the file', async () => {
    const git = service();
    const reader = git.treeReader(
      `https://${HOST}/acme/deploy`,
      history.initial,
    );
    const blobs = () =>
      facade.served.filter(
        s => s.template === '/repos/{owner}/{repo}/git/blobs/{file_sha}',
      ).length;
    const before = blobs();
    await expect(reader.stat('apps/inventory/deployment.yaml')).resolves.toBe(
      'file',
    );
    await expect(reader.stat('apps/inventory')).resolves.toBe('dir');
    await expect(reader.stat('apps/inventory/nope.yaml')).resolves.toBe(
      undefined,
    );
    expect(blobs()).toBe(before);
    // Reading the file fetches it, once; its kind is then known.
    await expect(
      reader.readFile('apps/inventory/deployment.yaml'),
    ).resolves.toBe('image: inventory:1\n');
    await expect(reader.stat('apps/inventory/deployment.yaml')).resolves.toBe(
      'file',
    );
    expect(blobs()).toBe(before + 1);
  });
});

describe('the plain Git mirror folder', () => {
  it('is private to each provider by default (mode 0700, never shared)', async () => {
    const a = new PlainGitProvider({});
    const b = new PlainGitProvider({});
    try {
      expect(a.mirrorsDir).not.toBe(b.mirrorsDir);
      for (const dir of [a.mirrorsDir, b.mirrorsDir]) {
        expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      }
      const sha = await a.resolveRevision({
        repoUrl: history.repo.url,
        ref: 'main',
      });
      await b.resolveRevision({ repoUrl: history.repo.url, ref: 'main' });
      expect(fs.readdirSync(a.mirrorsDir)).toHaveLength(1);
      expect(fs.readdirSync(b.mirrorsDir)).toHaveLength(1);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      await a.close();
      await b.close();
    }
    expect(fs.existsSync(a.mirrorsDir)).toBe(false);
  });

  it('is safe to share when configured: concurrent clones take a lock per mirror', async () => {
    const dir = fs.mkdtempSync('/tmp/gitops-shared-mirrors-');
    const providers = [1, 2, 3].map(
      () => new PlainGitProvider({ cacheDir: dir, sharedCacheDir: true }),
    );
    try {
      const shas = await Promise.all(
        providers.map(p =>
          p.resolveRevision({ repoUrl: history.repo.url, ref: 'main' }),
        ),
      );
      expect(new Set(shas).size).toBe(1);
      expect(
        fs.readdirSync(dir).filter(n => !n.endsWith('.lock')),
      ).toHaveLength(1);
    } finally {
      for (const p of providers) await p.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A proxy to the Git server that can stop answering (a hung server). */
async function hangableProxy(target: string) {
  const state = { hung: false };
  const held: http.ServerResponse[] = [];
  const proxy = http.createServer((req, res) => {
    if (state.hung) {
      held.push(res);
      return;
    }
    const upstream = http.request(
      new URL(req.url!, target),
      {
        method: req.method,
        headers: { ...req.headers, host: new URL(target).host },
      },
      answer => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url,
    state,
    stop: () =>
      new Promise<void>(resolve => {
        for (const res of held) res.destroy();
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

describe('a hung Git server', () => {
  it('never delays an answer: the indexed line is served while the fetch waits out its timeout', async () => {
    const proxy = await hangableProxy(server.url);
    const git = GitService.fromConfig(
      new ConfigReader({
        gitops: {
          git: {
            allowedHosts: [new URL(proxy.url).host],
            fetchIntervalSeconds: 0,
            timeoutSeconds: 2,
          },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    try {
      const repoUrl = `${proxy.url}/acme/deploy.git`;
      const first = await git.line(repoUrl, 'main');
      proxy.state.hung = true;
      const started = Date.now();
      const facts = await readGitSourceFacts(git, {
        repoUrl,
        ref: 'main',
        path: 'apps/inventory',
        deployedSha: history.workerBump,
      });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(facts.error).toBeUndefined();
      expect(facts.headRevision).toBe(first.tip);
      // The background fetch gives up within the configured bound.
      await waitFor(
        'the hung fetch to be abandoned',
        async () => git.getStaleness(repoUrl) !== undefined,
        { timeoutMs: 8000 },
      );
      expect(git.getStaleness(repoUrl)?.reason).toMatch(/timed out|killed/);
    } finally {
      await git.stop();
      await proxy.stop();
    }
  });
});
