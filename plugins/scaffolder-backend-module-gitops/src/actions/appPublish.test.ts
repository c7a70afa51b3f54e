import { ConfigReader } from '@backstage/config';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests write through the real writer
import { RepositoryFilesWriter } from '@gitops-console/plugin-gitops-backend';
import {
  GitHubFacade,
  GitServer,
  ScriptedRepository,
  startGitHubFacade,
  startGitServer,
} from '@gitops-console/testkit';
import { parse } from 'yaml';
import { runAction } from '../__testUtils__/runAction';
import { createAppPublishAction } from './appPublish';
import { examples } from './appPublish.examples';
import { createAppRenderAction } from './appRender';

jest.setTimeout(90_000);

const TOKEN = 'ghs_scaffolder-publish-token-77b0';
const HOST = 'github.scaffolder.test';

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

function setup(mode?: 'direct' | 'branch') {
  const config = new ConfigReader({
    integrations: {
      github: [{ host: HOST, apiBaseUrl: facade.url, token: TOKEN }],
    },
    gitops: {
      clusters: [
        { name: 'stg', url: 'https://127.0.0.1:1', environment: 'staging' },
        { name: 'prd', url: 'https://127.0.0.1:2', environment: 'production' },
      ],
      git: { allowedHosts: [new URL(server.url).host] },
      actions: mode ? { git: [{ urlPrefix: server.url, mode }] } : {},
      scaffolder: { plainGitFileUrl: '{{repoUrl}}/raw/{{branch}}/{{path}}' },
    },
  });
  const writer = RepositoryFilesWriter.fromConfig(config, {
    credentials: {
      authorization: async () =>
        `Basic ${Buffer.from(`git:${TOKEN}`).toString('base64')}`,
    },
    cloneUrl: ({ owner, repo }) => `${server.url}/${owner}/${repo}.git`,
  });
  return {
    render: createAppRenderAction({ config, writer }),
    publish: createAppPublishAction({ config, writer }),
  };
}

async function fresh(fullName?: string): Promise<ScriptedRepository> {
  count += 1;
  const repo = await server.createRepository(
    fullName ?? `acme/gitops-${count}`,
  );
  await repo.commit({
    message: 'fleet: root apps',
    files: { 'clusters/staging/root.yaml': 'kind: Application\n' },
  });
  return repo;
}

const plainUrl = (repo: ScriptedRepository) =>
  `${server.url}/${repo.fullName}.git`;
const refsOf = (repo: ScriptedRepository) =>
  repo.git(['for-each-ref', '--format=%(refname) %(objectname)']);
const treeOf = (repo: ScriptedRepository, rev: string) =>
  repo.git(['ls-tree', '-r', '--name-only', rev]);

const app = (repoUrl: string, name = 'inventory') => ({
  name,
  owner: 'group:default/storefront',
  cdTool: 'argocd',
  image: 'ghcr.io/acme/inventory:1.0.0',
  port: 8080,
  repoUrl,
});

async function renderThenPublish(
  actions: ReturnType<typeof setup>,
  repoUrl: string,
  options: {
    taskId?: string;
    checkpoints?: Map<string, unknown>;
    isDryRun?: boolean;
    name?: string;
  } = {},
) {
  const rendered = await runAction(
    actions.render,
    app(repoUrl, options.name),
    options,
  );
  return runAction(
    actions.publish,
    { appPath: rendered.outputs.appPath as string, repoUrl },
    { ...options, workspacePath: rendered.workspacePath },
  );
}

describe('gitops:app:publish', () => {
  it('commits the rendered app directly on plain Git, with the entity ref and where the catalog reads it', async () => {
    const repo = await fresh();
    const { outputs } = await renderThenPublish(
      setup('direct'),
      plainUrl(repo),
    );
    const [head] = await repo.log('main');
    expect(outputs).toEqual({
      remoteUrl: plainUrl(repo),
      commitSha: head.sha,
      branch: 'main',
      mode: 'direct',
      entityRef: 'component:default/inventory',
      catalogInfoUrl: `${plainUrl(
        repo,
      )}/raw/main/apps/inventory/catalog-info.yaml`,
    });
    expect(head.authorName).toBe('GitOps Console');
    expect((await treeOf(repo, 'main')).trim().split('\n')).toEqual([
      'apps/inventory/base/deployment.yaml',
      'apps/inventory/base/kustomization.yaml',
      'apps/inventory/base/service.yaml',
      'apps/inventory/catalog-info.yaml',
      'apps/inventory/overlays/production/kustomization.yaml',
      'apps/inventory/overlays/staging/kustomization.yaml',
      'clusters/production/inventory.yaml',
      'clusters/staging/inventory.yaml',
      'clusters/staging/root.yaml',
    ]);
    const application = parse(
      await repo.git(['show', 'main:clusters/staging/inventory.yaml']),
    );
    expect(application.spec.source).toEqual({
      repoURL: plainUrl(repo),
      path: 'apps/inventory/overlays/staging',
      targetRevision: 'main',
    });
  });

  it('pushes a branch on plain Git by default', async () => {
    const repo = await fresh();
    const { outputs } = await renderThenPublish(setup(), plainUrl(repo), {
      taskId: 'aaaabbbb-cccc-4ddd-8eee-ffff00001111',
    });
    expect(outputs).toMatchObject({
      mode: 'branch',
      branch: 'gitops-console/scaffold-aaaabbbbcccc',
    });
    expect(
      (await repo.log('gitops-console/scaffold-aaaabbbbcccc'))[0].sha,
    ).toBe(outputs.commitSha);
    expect((await repo.log('main'))[0].subject).toBe('fleet: root apps');
  });

  it('opens a pull request on GitHub', async () => {
    const repo = await fresh();
    const repoUrl = `https://${HOST}/${repo.fullName}`;
    const { outputs } = await renderThenPublish(setup(), repoUrl, {
      taskId: '12345678-aaaa-4bbb-8ccc-000000000001',
    });
    expect(outputs).toMatchObject({
      remoteUrl: repoUrl,
      mode: 'pull-request',
      branch: 'gitops-console/scaffold-12345678aaaa',
      pullRequestUrl: expect.stringMatching(/\/pull\/1$/),
      commitUrl: `${repoUrl}/commit/${outputs.commitSha}`,
      catalogInfoUrl: `${repoUrl}/blob/main/apps/inventory/catalog-info.yaml`,
      entityRef: 'component:default/inventory',
    });
    expect(
      await repo.git([
        'show',
        `${outputs.commitSha}:apps/inventory/catalog-info.yaml`,
      ]),
    ).toContain('argocd/app-name: inventory-staging,inventory-production');
  });

  it('a retried task answers the first run and writes nothing again', async () => {
    const repo = await fresh();
    const actions = setup('direct');
    const checkpoints = new Map<string, unknown>();
    const taskId = '0b1c2d3e-0000-4000-8000-000000000099';
    const first = await renderThenPublish(actions, plainUrl(repo), {
      taskId,
      checkpoints,
    });
    const refs = await refsOf(repo);
    const again = await renderThenPublish(actions, plainUrl(repo), {
      taskId,
      checkpoints,
    });
    expect(again.outputs).toEqual(first.outputs);
    expect(await refsOf(repo)).toBe(refs);
    // Without the checkpoint (a run that stopped after the push), the commit is found by the task id.
    const lost = await renderThenPublish(actions, plainUrl(repo), { taskId });
    expect(lost.outputs.commitSha).toBe(first.outputs.commitSha);
    expect(lost.logs.join('\n')).toMatch(/Found the earlier commit/);
    expect(await refsOf(repo)).toBe(refs);
  });

  it('refuses an app path that exists, naming it, and writes nothing', async () => {
    const repo = await fresh();
    const actions = setup('direct');
    await renderThenPublish(actions, plainUrl(repo), { taskId: 'task-first' });
    const refs = await refsOf(repo);
    await expect(
      renderThenPublish(actions, plainUrl(repo), { taskId: 'task-second' }),
    ).rejects.toThrow(
      `appPath: 'apps/inventory', 'clusters/staging/inventory.yaml', 'clusters/production/inventory.yaml' already exist in ${plainUrl(
        repo,
      )} on main; nothing was written`,
    );
    await expect(
      renderThenPublish(actions, plainUrl(repo), { taskId: 'task-third' }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await refsOf(repo)).toBe(refs);
  });

  it('refuses a repository outside the integrations and gitops.git.allowedHosts, writing nothing', async () => {
    const actions = setup('direct');
    await expect(
      runAction(
        actions.render,
        app('https://git.elsewhere.test/acme/fleet.git'),
      ),
    ).rejects.toThrow(
      /^repoUrl: Git repository https:\/\/git.elsewhere.test\/acme\/fleet.git is not allowed/,
    );
    const rendered = await runAction(
      actions.render,
      app(plainUrl(await fresh())),
    );
    await expect(
      runAction(
        actions.publish,
        {
          appPath: 'apps/inventory',
          repoUrl: 'https://git.elsewhere.test/acme/fleet.git',
        },
        { workspacePath: rendered.workspacePath },
      ),
    ).rejects.toThrow(/^repoUrl: Git repository .* is not allowed/);
  });

  it('in a dry run says what it would write and writes nothing', async () => {
    const repo = await fresh();
    const refs = await refsOf(repo);
    const { outputs, logs } = await renderThenPublish(
      setup('direct'),
      plainUrl(repo),
      {
        isDryRun: true,
      },
    );
    expect(outputs).toMatchObject({
      mode: 'direct',
      commitSha: 'dry-run',
      entityRef: 'component:default/inventory',
    });
    expect(logs.join('\n')).toContain(
      `Dry run: would add 8 files to ${plainUrl(
        repo,
      )} (direct on main): apps/inventory/base/deployment.yaml,`,
    );
    expect(await refsOf(repo)).toBe(refs);
  });

  it('runs its example: render, publish, and the catalog:register input it gives', async () => {
    const repo = await fresh('acme/deployments');
    const actions = setup();
    const steps = parse(examples[0].example).steps as Array<{
      id: string;
      action: string;
      input: Record<string, any>;
    }>;
    const outputs: Record<string, Record<string, unknown>> = {};
    const resolve = (value: any): any =>
      typeof value === 'string'
        ? value.replace(
            /\$\{\{\s*steps\.(\w+)\.output\.(\w+)\s*\}\}/g,
            (_, step, key) => String(outputs[step][key]),
          )
        : value;
    let workspacePath: string | undefined;
    for (const step of steps) {
      const input = Object.fromEntries(
        Object.entries(step.input).map(([k, v]) => [
          k,
          // The example's GitHub URL is served by the testkit's facade here.
          k === 'repoUrl' && v === 'https://github.com/acme/deployments'
            ? `https://${HOST}/acme/deployments`
            : resolve(v),
        ]),
      );
      if (step.action === 'catalog:register') {
        outputs[step.id] = input;
        continue;
      }
      const action =
        step.action === 'gitops:app:render' ? actions.render : actions.publish;
      const run = await runAction(action, input, {
        workspacePath,
        taskId: '7e57e57e-0000-4000-8000-000000000001',
      });
      workspacePath = run.workspacePath;
      outputs[step.id] = run.outputs;
    }
    expect(outputs.register.catalogInfoUrl).toBe(
      `https://${HOST}/acme/deployments/blob/main/apps/inventory/catalog-info.yaml`,
    );
    expect(outputs.publish.pullRequestUrl).toMatch(/\/pull\/1$/);
    expect((await repo.log(outputs.publish.branch as string))[0].subject).toBe(
      'Add inventory',
    );
  });
});
