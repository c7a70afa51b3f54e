import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitOpsPathExistsError } from '@gitops-console/plugin-gitops-node';
import {
  GitHubFacade,
  GitServer,
  ScriptedRepository,
  startGitHubFacade,
  startGitServer,
} from '@gitops-console/testkit';
import { GitRepositoryNotAllowedError } from '../git/errors';
import { GitUrlAllowList } from '../git/GitUrlAllowList';
import { readActionsConfig } from './readActionsConfig';
import { RepositoryFilesWriter } from './RepositoryFilesWriter';
import { refsOf } from './__testUtils__/rollbackHistory';

jest.setTimeout(60_000);

const TOKEN = 'ghs_files-writer-token-5e1a';
const HOST = 'github.files.test';

let server: GitServer;
let facade: GitHubFacade;
let count = 0;

beforeAll(async () => {
  server = await startGitServer({ token: TOKEN });
  facade = await startGitHubFacade({ git: server, token: TOKEN });
});
afterAll(async () => {
  await facade?.stop();
  await server?.stop();
});

function makeWriter(rules: object[] = []) {
  const config = new ConfigReader({
    integrations: {
      github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
    },
    gitops: {
      actions: { git: rules, botIdentity: 'Scaffold Bot <bot@acme.test>' },
    },
  });
  const integrations = ScmIntegrations.fromConfig(config);
  return new RepositoryFilesWriter({
    integrations,
    actions: readActionsConfig(config),
    allowList: new GitUrlAllowList(integrations, [new URL(server.url).host]),
    credentials: {
      authorization: async () =>
        `Basic ${Buffer.from(`git:${TOKEN}`).toString('base64')}`,
    },
    cloneUrl: ({ owner, repo }) => `${server.url}/${owner}/${repo}.git`,
  });
}

async function fresh(): Promise<ScriptedRepository> {
  count += 1;
  const repo = await server.createRepository(`acme/fleet-${count}`);
  await repo.commit({
    message: 'fleet: root apps',
    files: {
      'clusters/staging/root.yaml': 'kind: Application\n',
      'apps/existing/base/kustomization.yaml': 'resources: []\n',
    },
  });
  return repo;
}

const plainUrl = (repo: ScriptedRepository) =>
  `${server.url}/${repo.fullName}.git`;
const githubUrl = (repo: ScriptedRepository) =>
  `https://${HOST}/${repo.fullName}`;

const request = (repoUrl: string, app = 'inventory') => ({
  repoUrl,
  branch: 'main',
  files: {
    [`apps/${app}/base/kustomization.yaml`]:
      'resources:\n  - deployment.yaml\n',
    [`apps/${app}/base/deployment.yaml`]: 'kind: Deployment\n',
    [`clusters/staging/${app}.yaml`]: 'kind: Application\n',
  },
  mustNotExist: [`apps/${app}`],
  title: `Add ${app}`,
  body: 'Created from template gitops-app.',
});
const context = (writeId: string) => ({
  writeId,
  requestedBy: 'user:default/alice',
});

const show = (repo: ScriptedRepository, rev: string, file: string) =>
  repo.git(['show', `${rev}:${file}`]);

describe('RepositoryFilesWriter on plain Git', () => {
  it('pushes one commit by the bot with the files to the tracked branch (direct), and a retry reuses it', async () => {
    const repo = await fresh();
    const writer = makeWriter([{ urlPrefix: server.url, mode: 'direct' }]);
    expect(await writer.checkRepository(plainUrl(repo))).toEqual({
      provider: 'git',
      mode: 'direct',
    });
    const result = await writer.addFiles(
      request(plainUrl(repo)),
      context('task-1111'),
    );
    expect(result).toEqual({
      mode: 'direct',
      commitSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      pushedBranch: 'main',
      reused: false,
    });
    const [head] = await repo.log('main');
    expect(head.sha).toBe(result.commitSha);
    expect(
      await repo.git(['log', '-1', '--format=%an <%ae>%n%B', 'main']),
    ).toBe(
      'Scaffold Bot <bot@acme.test>\nAdd inventory\n\nCreated from template gitops-app.\n\nGitOps-Console-Action: task-1111\nRequested-by: user:default/alice\n\n',
    );
    expect(
      await show(repo, 'main', 'apps/inventory/base/deployment.yaml'),
    ).toBe('kind: Deployment\n');
    // Files that were there stay.
    expect(await show(repo, 'main', 'clusters/staging/root.yaml')).toBe(
      'kind: Application\n',
    );

    const refs = await refsOf(repo);
    const again = await writer.addFiles(
      request(plainUrl(repo)),
      context('task-1111'),
    );
    expect(again).toEqual({ ...result, reused: true });
    expect(await refsOf(repo)).toBe(refs);
  });

  it("pushes to the write's own branch by default, and a retry finds it there", async () => {
    const repo = await fresh();
    const writer = makeWriter();
    const result = await writer.addFiles(
      request(plainUrl(repo)),
      context('5d41402a-bc4b-2a76'),
    );
    expect(result).toMatchObject({
      mode: 'branch',
      pushedBranch: 'gitops-console/scaffold-5d41402abc4b',
      reused: false,
    });
    expect((await repo.log('main'))[0].subject).toMatch(/^fleet: root apps/);
    expect(
      (await repo.log('gitops-console/scaffold-5d41402abc4b'))[0].sha,
    ).toBe(result.commitSha);
    const again = await writer.addFiles(
      request(plainUrl(repo)),
      context('5d41402a-bc4b-2a76'),
    );
    expect(again).toEqual({ ...result, reused: true });
  });

  it('refuses an app path that exists, naming it, and writes nothing', async () => {
    const repo = await fresh();
    const refs = await refsOf(repo);
    const writer = makeWriter([{ urlPrefix: server.url, mode: 'direct' }]);
    const refused = writer.addFiles(
      request(plainUrl(repo), 'existing'),
      context('task-2222'),
    );
    await expect(refused).rejects.toThrow(GitOpsPathExistsError);
    await expect(refused).rejects.toThrow(
      `'apps/existing' already exists in ${plainUrl(
        repo,
      )} on main; nothing was written`,
    );
    // A single file that exists is named too.
    await expect(
      writer.addFiles(
        {
          ...request(plainUrl(repo), 'fresh'),
          files: { 'clusters/staging/root.yaml': 'x\n' },
          mustNotExist: [],
        },
        context('task-3333'),
      ),
    ).rejects.toThrow(`'clusters/staging/root.yaml' already exists`);
    expect(await refsOf(repo)).toBe(refs);
  });

  it('refuses a repository outside the integrations and gitops.git.allowedHosts before any git call', async () => {
    const writer = makeWriter();
    await expect(
      writer.addFiles(
        request('https://git.elsewhere.test/acme/fleet.git'),
        context('task-4444'),
      ),
    ).rejects.toThrow(GitRepositoryNotAllowedError);
    await expect(
      writer.checkRepository('https://git.elsewhere.test/acme/fleet.git'),
    ).rejects.toThrow(/not allowed/);
  });

  it('refuses file paths that leave the repository', async () => {
    const repo = await fresh();
    const refs = await refsOf(repo);
    await expect(
      makeWriter().addFiles(
        { ...request(plainUrl(repo)), files: { '../x.yaml': 'x' } },
        context('task-5555'),
      ),
    ).rejects.toThrow(/'\.\.\/x\.yaml' is not a repository-relative file path/);
    expect(await refsOf(repo)).toBe(refs);
  });
});

describe('RepositoryFilesWriter on GitHub', () => {
  it("opens a pull request from the write's branch, and a retry reuses branch and pull request", async () => {
    const repo = await fresh();
    const writer = makeWriter();
    expect(await writer.checkRepository(githubUrl(repo))).toEqual({
      provider: 'github',
      mode: 'pull-request',
    });
    const result = await writer.addFiles(
      request(githubUrl(repo)),
      context('9f86d081-884c-7d65'),
    );
    expect(result).toEqual({
      mode: 'pull-request',
      commitSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      pushedBranch: 'gitops-console/scaffold-9f86d081884c',
      reused: false,
      pullRequest: { number: 1, url: expect.stringContaining('/pull/1') },
    });
    const branch = 'gitops-console/scaffold-9f86d081884c';
    expect((await repo.log(branch))[0].sha).toBe(result.commitSha);
    expect(await show(repo, branch, 'clusters/staging/inventory.yaml')).toBe(
      'kind: Application\n',
    );
    expect((await repo.log('main'))[0].subject).toMatch(/^fleet: root apps/);

    const before = facade.served.length;
    const again = await writer.addFiles(
      request(githubUrl(repo)),
      context('9f86d081-884c-7d65'),
    );
    expect(again).toEqual({ ...result, reused: true });
    // Only reads: no blob, tree, commit, ref or pull request is made twice.
    expect(facade.served.slice(before).filter(r => r.method !== 'GET')).toEqual(
      [],
    );
  });

  it('commits to the tracked branch in direct mode, and refuses an existing app path', async () => {
    const repo = await fresh();
    const writer = makeWriter([
      { urlPrefix: `https://${HOST}/acme`, mode: 'direct' },
    ]);
    const result = await writer.addFiles(
      request(githubUrl(repo)),
      context('task-6666'),
    );
    expect(result).toMatchObject({ mode: 'direct', pushedBranch: 'main' });
    expect((await repo.log('main'))[0].sha).toBe(result.commitSha);
    const refs = await refsOf(repo);
    await expect(
      writer.addFiles(request(githubUrl(repo)), context('task-7777')),
    ).rejects.toThrow(/'apps\/inventory'.* already exist/);
    expect(await refsOf(repo)).toBe(refs);
  });
});
