import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the backend adds the writer next to this module
import { gitopsRepositoryWriterServiceFactory } from '@gitops-console/plugin-gitops-backend';
import { waitFor } from '@gitops-console/testkit';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleGitOps } from './module';
import {
  DemoGitServer,
  startDemoGitServer,
} from './__testUtils__/demoGitServer';

jest.setTimeout(180_000);

const TEMPLATE = path.resolve(
  __dirname,
  '../../../templates/gitops-app/template.yaml',
);

let git: DemoGitServer;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  git = await startDemoGitServer({
    'storefront-deploy.git': { 'clusters/staging/.keep': '' },
    'payments-fleet.git': { 'clusters/staging/.keep': '' },
  });
  const host = new URL(git.server.url).host;
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleGitOps,
      gitopsRepositoryWriterServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host }] } },
          catalog: {
            rules: [{ allow: ['Component', 'Template', 'Location'] }],
            locations: [{ type: 'file', target: TEMPLATE }],
          },
          gitops: {
            clusters: [
              {
                name: 'stg',
                url: 'https://127.0.0.1:1',
                environment: 'staging',
              },
              {
                name: 'prd',
                url: 'https://127.0.0.1:2',
                environment: 'production',
              },
            ],
            git: { allowedHosts: [host] },
            actions: { git: [{ urlPrefix: git.server.url, mode: 'direct' }] },
            scaffolder: {
              defaultRepoUrls: {
                argocd: `${git.server.url}/storefront-deploy.git`,
                flux: `${git.server.url}/payments-fleet.git`,
              },
              flux: {
                sources: [
                  {
                    url: `${git.server.url}/payments-fleet.git`,
                    name: 'payments-fleet',
                  },
                ],
              },
              plainGitFileUrl: '{{repoUrl}}/raw/{{branch}}/{{path}}',
            },
          },
        },
      }),
    ],
  });
  // The template is in the catalog once its file location is processed.
  await waitFor(
    'the template in the catalog',
    async () =>
      (
        await request(backend.server)
          .get('/api/catalog/entities/by-name/template/default/gitops-app')
          .set('Authorization', mockCredentials.user.header())
      ).status === 200,
    { timeoutMs: 60_000, intervalMs: 250 },
  );
});
afterAll(async () => {
  await backend?.stop();
  await git?.stop();
});

async function runTask(values: Record<string, unknown>) {
  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/gitops-app', values });
  expect(created.status).toBe(201);
  const taskId = created.body.id as string;
  let task: any;
  await waitFor(
    'the task to end',
    async () => {
      task = (
        await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      return ['completed', 'failed'].includes(task.status);
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
  const events = (
    await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
      .set('Authorization', mockCredentials.user.header())
  ).body as Array<{ type: string; body: { message?: string } }>;
  return { task, log: events.map(e => e.body.message ?? '').join('\n') };
}

describe('template gitops-app through the scaffolder API', () => {
  it.each([
    ['argocd', 'storefront-deploy.git', 'Application'],
    ['flux', 'payments-fleet.git', 'Kustomization'],
  ])(
    'for %s: the task completes, the commit is in the repository and the entity in the catalog',
    async (cdTool, repo, kind) => {
      const name = `shop-${cdTool}`;
      const { task, log } = await runTask({
        name,
        owner: 'group:default/team-platform',
        cdTool,
        environments: ['staging', 'production'],
        image: 'ghcr.io/acme/shop:1.0.0',
        port: 8080,
      });
      expect({
        status: task.status,
        log: task.status === 'failed' ? log : '',
      }).toEqual({
        status: 'completed',
        log: '',
      });
      const head = git.git(repo, 'rev-parse', 'main').trim();
      expect(git.git(repo, 'log', '-1', '--format=%s%n%an', 'main')).toBe(
        `Add ${name} (template gitops-app)\nGitOps Console\n`,
      );
      const cd = parse(
        git
          .git(repo, 'show', `main:clusters/staging/${name}.yaml`)
          .split('---\n')
          .pop()!,
      );
      expect(cd.kind).toBe(kind);

      expect(log).toContain(`Made commit ${head} on main`);

      // catalog:register read the entity through the demo Git server's raw file.
      await waitFor(
        'the new entity in the catalog',
        async () =>
          (
            await request(backend.server)
              .get(`/api/catalog/entities/by-name/component/default/${name}`)
              .set('Authorization', mockCredentials.user.header())
          ).status === 200,
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      const entity = (
        await request(backend.server)
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('Authorization', mockCredentials.user.header())
      ).body;
      expect(
        entity.metadata.annotations['gitops.backstage.io/environments'],
      ).toBe('staging,production');
    },
  );

  it('a second run for the same name fails naming the existing app path, and writes nothing', async () => {
    const before = git.git('storefront-deploy.git', 'rev-parse', 'main');
    const { task, log } = await runTask({
      name: 'shop-argocd',
      owner: 'group:default/team-platform',
      cdTool: 'argocd',
      environments: ['staging'],
      image: 'ghcr.io/acme/shop:1.0.0',
      port: 8080,
    });
    expect(task.status).toBe('failed');
    expect(log).toContain("appPath: 'apps/shop-argocd'");
    expect(git.git('storefront-deploy.git', 'rev-parse', 'main')).toBe(before);
  });

  it.each([
    [
      'an image without a tag',
      { image: 'ghcr.io/acme/shop' },
      "image: image 'ghcr.io/acme/shop' has no tag",
    ],
    [
      'a repository outside the allow-list',
      { repoUrl: 'https://git.elsewhere.test/x/y.git' },
      'repoUrl: Git repository https://git.elsewhere.test/x/y.git is not allowed',
    ],
  ])(
    'refuses %s with a clear error in the task log, writing nothing',
    async (_, change, message) => {
      const before = git.git('storefront-deploy.git', 'rev-parse', 'main');
      const { task, log } = await runTask({
        name: 'refused-app',
        owner: 'group:default/team-platform',
        cdTool: 'argocd',
        environments: ['staging'],
        image: 'ghcr.io/acme/shop:1.0.0',
        port: 8080,
        ...change,
      });
      expect(task.status).toBe('failed');
      expect(log).toContain(message);
      expect(git.git('storefront-deploy.git', 'rev-parse', 'main')).toBe(
        before,
      );
    },
  );
  it('refuses an environment the template does not offer before a task starts', async () => {
    const before = git.git('storefront-deploy.git', 'rev-parse', 'main');
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/gitops-app',
        values: {
          name: 'refused-env',
          owner: 'group:default/team-platform',
          cdTool: 'argocd',
          environments: ['qa'],
          image: 'ghcr.io/acme/shop:1.0.0',
          port: 8080,
        },
      });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(
      /environments\[0\] is not one of enum values: staging,production/,
    );
    expect(git.git('storefront-deploy.git', 'rev-parse', 'main')).toBe(before);
  });
});
