import {
  GitHubOpenApiValidator,
  startGitHubFacade,
  startGitServer,
  startTestEnvironment,
  type GitHubFacade,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import {
  createRollbackHistory,
  OVERLAY,
  refsOf,
  treeAt,
} from '../gitWrites/__testUtils__/rollbackHistory';
import {
  ALICE,
  argoApplication,
  argoDeploymentId,
  BOB,
  component,
  startActionsBackend,
  type ActionsBackend,
} from './__testUtils__/actionsBackend';

jest.setTimeout(240_000);

const HOST = 'github.actions-api.test';
const ACTIONS = '/entities/default/component/storefront/actions';
const databases = actionRecordDatabases();

let env: TestEnvironment;
let git: GitServer;
let facade: GitHubFacade;
let validator: GitHubOpenApiValidator;
let repoCount = 0;

beforeAll(async () => {
  [env, git] = await Promise.all([startTestEnvironment(), startGitServer()]);
  facade = await startGitHubFacade({ git, token: git.token });
  validator = GitHubOpenApiValidator.load();
});
afterAll(async () => {
  await facade?.stop();
  await Promise.all([env?.stop(), git?.stop()]);
});

/** Every documented response the facade served matches GitHub's OpenAPI description. */
function expectServedValid() {
  const failures = facade.served
    .filter(r => r.status !== 304)
    .map(r => validator.validate(r))
    .filter(result => result.documented && !result.valid)
    .flatMap(result => result.errors);
  expect(failures).toEqual([]);
}

describe.each(databases.eachSupportedId())(
  'actions on a GitHub repository on %s',
  dbId => {
    let backend: ActionsBackend;
    let namespace: string;

    beforeAll(async () => {
      namespace = await env.createNamespace();
      backend = await startActionsBackend({
        env,
        git,
        github: { facade, host: HOST },
        knex: await databases.init(dbId),
        entities: [component('storefront')],
        owners: { 'component:default/storefront': [ALICE] },
        // No rule for the host: GitHub's default, a pull request.
        gitops: { actions: {} },
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });

    async function deployment() {
      repoCount += 1;
      const name = `storefront-${repoCount}`;
      const history = await createRollbackHistory(git, `shop/${name}`);
      await env.apply(
        argoApplication({
          namespace,
          name,
          kubernetesId: 'storefront',
          repoURL: `https://${HOST}/shop/${name}`,
          path: OVERLAY,
          deployed: history.c5,
        }),
      );
      const id = argoDeploymentId(namespace, name);
      await backend.waitForDeployment(
        'storefront',
        id,
        d => d.deployedRevision === history.c5,
      );
      return { history, id };
    }

    it('opens one pull request for 10 concurrent rollback requests, and answers the same record after', async () => {
      const d = await deployment();
      const body = {
        type: 'rollback',
        deploymentId: d.id,
        targetRevision: d.history.c1,
        reason: 'storefront | checkout broken',
      };
      const from = facade.served.length;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => backend.as(ALICE).post(ACTIONS, body)),
      );
      expect(answers.map(a => a.status).sort()).toEqual([
        200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
      ]);
      const ids = new Set(answers.map(a => a.body.id));
      expect(ids.size).toBe(1);
      const created = answers.find(a => a.status === 201)!.body;
      expect(created).toMatchObject({ status: 'pr-open' });
      expect(created.prUrl).toMatch(/\/pull\/\d+$/);

      const writes = facade.served
        .slice(from)
        .filter(r => r.method === 'POST')
        .map(r => `${r.template} ${r.status}`);
      expect(
        writes.filter(w => w.startsWith('/repos/{owner}/{repo}/pulls ')),
      ).toEqual(['/repos/{owner}/{repo}/pulls 201']);
      expect(writes.filter(w => w.includes('git/commits'))).toHaveLength(1);
      expectServedValid();

      // The tracked branch is untouched; the PR's branch holds the rollback.
      expect(
        (await d.history.repo.git(['rev-parse', 'refs/heads/main'])).trim(),
      ).toBe(d.history.c5);
      const branch = (await refsOf(d.history.repo))
        .split('\n')
        .find(line => line.startsWith('refs/heads/gitops-console/rollback-'));
      expect(branch).toBeDefined();
      const tip = branch!.split(' ')[1];
      expect(tip).toBe(created.resultCommitSha);
      expect(await treeAt(d.history.repo, tip, OVERLAY)).toBe(
        await treeAt(d.history.repo, d.history.c1, OVERLAY),
      );

      const again = await backend.as(ALICE).post(ACTIONS, body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: created.id,
        prUrl: created.prUrl,
      });
    });

    it('previews the pull-request delivery, and refuses a non-owner before any GitHub write', async () => {
      const d = await deployment();
      const preview = await backend.as(ALICE).post(`${ACTIONS}/preview`, {
        type: 'revert-commit',
        deploymentId: d.id,
        commit: d.history.c4,
      });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        delivery: 'pull-request',
        commit: d.history.c4,
        repoUrl: `https://${HOST}/shop/${d.id.split('/').pop()}`,
      });
      const from = facade.served.length;
      const denied = await backend.as(BOB).post(ACTIONS, {
        type: 'revert-commit',
        deploymentId: d.id,
        commit: d.history.c4,
        reason: 'not mine',
      });
      expect(denied.status).toBe(403);
      expect(facade.served.slice(from).filter(r => r.method !== 'GET')).toEqual(
        [],
      );
    });
  },
);
