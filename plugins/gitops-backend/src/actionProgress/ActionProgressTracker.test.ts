import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  startGitHubFacade,
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitHubFacade,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import type { ScriptedRepository } from '@gitops-console/testkit';
import { ActionRecordStore, migrateActionRecords } from '../actionRecords';
import type { ActionRecord, ActionStatus } from '../actionRecords';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import { GithubActionWriter, readActionsConfig } from '../gitWrites';
import {
  ActionProgressTracker,
  type ActionProgressTrackerOptions,
} from './ActionProgressTracker';
import { githubPullRequestReader } from './pullRequests';
import {
  argoApplication,
  componentFor,
  startViews,
} from './__testUtils__/viewsOnApiserver';

jest.setTimeout(240_000);

const databases = actionRecordDatabases();
const TOKEN = 'ghs_progress-facade-token-7f3a';
const WEB_HOST = 'github.progress.test';
const ENTITY = 'component:default/checkout';

/**
 * The watch path on real parts: a real apiserver and Git server feed the
 * deployment views, the GitHub facade answers pull request reads, and
 * records live in a real database.
 */
describe('ActionProgressTracker', () => {
  let env: TestEnvironment;
  let server: GitServer;
  let facade: GitHubFacade;
  let repo: ScriptedRepository;
  let world: Awaited<ReturnType<typeof startViews>>;
  let store: ActionRecordStore;
  let tracker: ActionProgressTracker;
  /** A second replica's tracker on the same database: moves happen once. */
  let replica: ActionProgressTracker;
  let ns: string;
  let repoUrl: string;
  let deploymentId: string;
  const changes: Array<[string, ActionStatus]> = [];

  let current = '';
  const deployAt = (
    revision: string,
    health = 'Healthy',
    syncedAt?: string,
  ) => {
    current = revision;
    return env.setStatus(
      argoApplication({
        name: 'checkout-production',
        namespace: ns,
        id: 'checkout',
        repoUrl,
        revision,
        health,
        syncedAt,
      }),
    );
  };
  const deployedAt = (revision: string, health = 'Healthy') =>
    world.deploymentWhen(
      ENTITY,
      `the view deployed at ${revision.slice(0, 7)} (${health})`,
      d => d.deployedRevision === revision && d.health === health,
    );

  async function record(
    status: 'committed' | 'pr-open',
    fields: { resultCommitSha?: string; prUrl?: string },
    type: ActionRecord['type'] = 'rollback',
  ): Promise<ActionRecord> {
    const { record: created } = await store.createOrGetOpen({
      entityRef: ENTITY,
      deploymentId,
      type,
      targetRevision: fields.resultCommitSha?.slice(0, 7) ?? null,
      reason: 'the new release breaks checkout',
      requestedBy: 'user:default/alice',
      claimedBy: 'test-process',
    });
    expect(
      await store.transition(created.id, ['requested'], status, fields),
    ).toBe(true);
    return (await store.get(created.id))!;
  }

  const statusOf = async (id: string) => (await store.get(id))?.status;
  const becomes = (id: string, status: ActionStatus) =>
    waitFor(
      `action ${id} ${status}`,
      async () => (await statusOf(id)) === status,
      { timeoutMs: 30_000, intervalMs: 100 },
    );

  beforeAll(async () => {
    [env, server] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ token: TOKEN, anonymousRead: true }),
    ]);
    facade = await startGitHubFacade({
      git: server,
      token: TOKEN,
      webUrl: `https://${WEB_HOST}`,
    });
    repo = await server.createRepository('acme/progress');
    repoUrl = `${server.url}/acme/progress.git`;
    const first = await repo.commit({
      message: 'checkout: first release',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 1\n' },
    });
    ns = await env.createNamespace();
    await env.apply(
      argoApplication({
        name: 'checkout-production',
        namespace: ns,
        id: 'checkout',
        repoUrl,
        revision: first,
      }),
    );
    world = await startViews({
      env,
      git: server,
      entities: [componentFor('checkout')],
    });
    deploymentId = (await deployedAt(first)).id;

    const knex = await databases.init('SQLITE_3');
    await migrateActionRecords(knex);
    store = new ActionRecordStore(knex);
    const writerConfig = new ConfigReader({
      integrations: {
        github: [{ host: WEB_HOST, apiBaseUrl: facade.url, token: TOKEN }],
      },
    });
    const options: ActionProgressTrackerOptions = {
      store,
      views: world.views,
      git: world.git,
      github: githubPullRequestReader(
        new GithubActionWriter({
          integrations: ScmIntegrations.fromConfig(writerConfig),
          actions: readActionsConfig(writerConfig),
        }),
      ),
      logger: world.logger,
      onRecordChanged: r => {
        changes.push([r.id, r.status]);
      },
      prPollSeconds: 1,
    };
    tracker = new ActionProgressTracker(options);
    replica = new ActionProgressTracker(options);
    tracker.start();
    replica.start();
  });

  afterAll(async () => {
    await Promise.all([tracker?.stop(), replica?.stop()]);
    await world?.stop();
    await Promise.all([facade?.stop(), env?.stop()]);
    await server?.stop();
  });

  it('moves a committed record to deployed when the deployed revision reaches a descendant of its commit, not before', async () => {
    const rollback = await repo.commit({
      message: 'Roll back checkout',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 3\n' },
    });
    const action = await record('committed', { resultCommitSha: rollback });

    // The view changes, but still runs the commit before the rollback.
    const before = (await world.deploymentWhen(ENTITY, 'any view', () => true))
      .deployedRevision!;
    await deployAt(before, 'Progressing');
    await deployedAt(before, 'Progressing');
    tracker.recheckEntity(ENTITY);
    await tracker.idle();
    await tracker.poll();
    await tracker.idle();
    expect(await statusOf(action.id)).toBe('committed');

    // A later commit on the branch (another path) is what gets deployed.
    const later = await repo.commit({
      message: 'payments: unrelated change',
      files: { 'apps/payments/deployment.yaml': 'replicas: 2\n' },
    });
    await deployAt(later);
    await becomes(action.id, 'deployed');
    expect(changes.filter(([id]) => id === action.id)).toEqual([
      [action.id, 'deployed'],
    ]);
  });

  it('sees a commit that reached the branch through a merge (off the first-parent line) only once the merge is deployed', async () => {
    const branch = 'gitops-console/rollback-merge1';
    await repo.branch(branch);
    const onBranch = await repo.commit({
      branch,
      message: 'Roll back checkout on a branch',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 4\n' },
    });
    const action = await record('committed', { resultCommitSha: onBranch });

    // main moves on without the branch: not deployed.
    const unrelated = await repo.commit({
      message: 'payments: another change',
      files: { 'apps/payments/deployment.yaml': 'replicas: 5\n' },
    });
    await deployAt(unrelated);
    await deployedAt(unrelated);
    tracker.recheckEntity(ENTITY);
    await tracker.idle();
    expect(await statusOf(action.id)).toBe('committed');

    const merge = await repo.merge({ from: branch });
    await deployAt(merge);
    await becomes(action.id, 'deployed');
  });

  it('moves a pr-open record to merged when GitHub reports the pull request merged (squash), then to deployed', async () => {
    const branch = 'gitops-console/rollback-pr1';
    await repo.branch(branch);
    const onBranch = await repo.commit({
      branch,
      message: 'Roll back checkout through a PR',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 6\n' },
    });
    const pr = await facadeCall('POST', '/repos/acme/progress/pulls', {
      title: 'GitOps Console: roll back checkout',
      head: branch,
      base: 'main',
    });
    expect(pr.html_url).toBe(
      `https://${WEB_HOST}/acme/progress/pull/${pr.number}`,
    );
    const action = await record('pr-open', {
      resultCommitSha: onBranch,
      prUrl: pr.html_url,
    });

    await tracker.poll();
    await tracker.idle();
    expect(await statusOf(action.id)).toBe('pr-open');

    const merged = await facadeCall(
      'PUT',
      `/repos/acme/progress/pulls/${pr.number}/merge`,
      { merge_method: 'squash' },
    );
    await becomes(action.id, 'merged');
    // The squashed commit is what the tracker now waits for.
    expect((await store.get(action.id))?.resultCommitSha).toBe(merged.sha);
    expect(merged.sha).not.toBe(onBranch);

    await deployAt(merged.sha);
    await becomes(action.id, 'deployed');
    expect(changes.filter(([id]) => id === action.id)).toEqual([
      [action.id, 'merged'],
      [action.id, 'deployed'],
    ]);
  });

  it('ends a pr-open record superseded, with the cause, when its pull request is closed unmerged', async () => {
    const branch = 'gitops-console/rollback-pr2';
    await repo.branch(branch);
    const onBranch = await repo.commit({
      branch,
      message: 'Roll back checkout, then change our mind',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 7\n' },
    });
    const pr = await facadeCall('POST', '/repos/acme/progress/pulls', {
      title: 'GitOps Console: roll back checkout',
      head: branch,
      base: 'main',
    });
    const action = await record('pr-open', {
      resultCommitSha: onBranch,
      prUrl: pr.html_url,
    });
    await facadeCall('PATCH', `/repos/acme/progress/pulls/${pr.number}`, {
      state: 'closed',
    });
    await becomes(action.id, 'superseded');
    expect((await store.get(action.id))?.error).toContain(
      `#${pr.number} was closed without being merged`,
    );
  });

  it('moves an applied sync to deployed once the last sync finished after it was asked for, not before', async () => {
    // The view changes, with a sync that finished long before the request.
    await deployAt(current, 'Progressing', '2026-01-01T00:00:00Z');
    const sync = await record('committed', {}, 'sync');
    await deployedAt(current, 'Progressing');
    tracker.recheckEntity(ENTITY);
    await tracker.poll();
    await Promise.all([tracker.idle(), replica.idle()]);
    expect(await statusOf(sync.id)).toBe('committed');

    // The controller runs the operation the sync set: finishedAt moves on.
    await deployAt(current, 'Healthy');
    await becomes(sync.id, 'deployed');
    expect(changes.filter(([id]) => id === sync.id)).toEqual([
      [sync.id, 'deployed'],
    ]);
  });

  async function facadeCall(method: string, path: string, body: unknown) {
    const response = await fetch(`${facade.url}${path}`, {
      method,
      headers: {
        authorization: `token ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(
        `${method} ${path}: ${response.status} ${JSON.stringify(json)}`,
      );
    }
    return json as any;
  }
});
