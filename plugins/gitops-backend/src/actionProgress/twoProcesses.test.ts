/*
 * Issue 12, "Done means" 2: two backend processes on one PostgreSQL, both
 * started here. Concurrent rollback requests for the same deployment, half
 * to each process, give exactly one commit and one open record. Then, on
 * the same processes: the watch path moves the record to `deployed` when
 * the cluster runs the commit, and a record left `requested` by a process
 * that died (written into the shared database as such a process leaves
 * it) is finished by the scheduled finisher of one of the two, with one
 * commit.
 *
 * The processes are packages/backend/src/replica/gitopsReplica.ts (the
 * catalog and the GitOps plugin on Backstage's default services), each
 * with its own port, Git cache and config, sharing one PostgreSQL (the one
 * `npm test` starts, or one started here), a real kube-apiserver and a Git
 * server over HTTP. Requests carry a static external-access token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  freePort,
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type PostgresServer,
  type ScriptedRepository,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { ACTION_TRAILER } from '../gitWrites';
import { argoApplication } from './__testUtils__/viewsOnApiserver';
import { databaseUrl, psqlRows } from '../replicas/__testUtils__/psql';
import { sharedPostgres } from '../replicas/__testUtils__/sharedPostgres';
import {
  callReplica,
  startReplica,
  type ReplicaProcess,
} from './__testUtils__/replicaProcess';

jest.setTimeout(420_000);

const GIT_TOKEN = 'git-two-processes-token-5e1b';
const API_TOKEN = randomBytes(18).toString('hex');
const ENTITY_PATH = '/entities/default/component/checkout';
const REQUESTS = 10;

describe('two backend processes on one PostgreSQL', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let pg: { url: string; server?: PostgresServer };
  let repo: ScriptedRepository;
  let workDir: string;
  const replicas: ReplicaProcess[] = [];
  const shas: Record<string, string> = {};
  let ns: string;
  let repoUrl: string;
  let prefix: string;
  let deploymentId: string;
  let firstActionId: string;

  const call = (
    replica: ReplicaProcess,
    method: string,
    url: string,
    body?: unknown,
  ) => callReplica(replica, API_TOKEN, method, url, body);

  beforeAll(async () => {
    [env, git, pg] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ token: GIT_TOKEN, anonymousRead: true }),
      sharedPostgres(),
    ]);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-two-processes-'));
    repo = await git.createRepository('acme/replicas');
    repoUrl = `${git.url}/acme/replicas.git`;
    shas.good = await repo.commit({
      message: 'checkout: 2 replicas',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 2\n' },
    });
    shas.bad = await repo.commit({
      message: 'checkout: new image that breaks checkout',
      files: { 'apps/checkout/deployment.yaml': 'replicas: 2\nimage: v2\n' },
    });
    ns = await env.createNamespace();
    await env.apply(
      argoApplication({
        name: 'checkout-production',
        namespace: ns,
        id: 'checkout',
        repoUrl,
        revision: shas.bad,
      }),
    );
    const catalogFile = path.join(workDir, 'catalog.yaml');
    fs.writeFileSync(
      catalogFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: checkout',
        '  annotations:',
        '    backstage.io/kubernetes-id: checkout',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-storefront',
        '',
      ].join('\n'),
    );
    // One database prefix per run: the two processes share it, other runs do not.
    prefix = `gitops_two_${randomBytes(4).toString('hex')}_`;
    const gitHost = new URL(git.url).host;
    const configFor = (port: number, name: string) => ({
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: { client: 'pg', connection: pg.url, prefix },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: API_TOKEN, subject: 'two-process-test' },
            },
          ],
        },
      },
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: [{ type: 'file', target: catalogFile }],
      },
      // How plain Git pushes authenticate: a user/password integration.
      integrations: {
        gitea: [{ host: gitHost, username: 'git', password: GIT_TOKEN }],
      },
      gitops: {
        clusters: [
          {
            name: 'prod',
            url: env.server,
            token: env.adminToken,
            caData: Buffer.from(env.caPem).toString('base64'),
            environment: 'production',
          },
        ],
        git: {
          allowedHosts: [gitHost],
          cacheDir: path.join(workDir, `git-${name}`),
          fetchIntervalSeconds: 1,
        },
        views: { catalogRefreshSeconds: 2 },
        actions: {
          git: [{ urlPrefix: git.url, mode: 'direct' }],
          // Short bounds, so the watch path and the finisher act within the
          // test. The stale bound stays well above the 10 s at which a live
          // process renews its claim: below it, a finisher would take over
          // records still being written.
          prPollSeconds: 1,
          staleAfterSeconds: 30,
        },
      },
    });
    // One after the other: the first creates the databases and runs the
    // migrations, which two first starts would race on.
    for (const name of ['a', 'b']) {
      const port = await freePort();
      replicas.push(
        await startReplica({
          name,
          port,
          config: configFor(port, name),
          workDir,
          timeoutMs: 150_000,
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.stop()));
    if (pg && !pg.server && prefix) {
      // A shared server outlives this file: leave it as it was.
      for (const plugin of ['catalog', 'gitops']) {
        await psqlRows(
          pg.url,
          `DROP DATABASE IF EXISTS "${prefix}${plugin}" WITH (FORCE)`,
        ).catch(() => {});
      }
    }
    await Promise.all([env?.stop(), git?.stop(), pg?.server?.stop()]);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('turns concurrent rollback requests, half to each process, into one commit and one open record', async () => {
    // Both processes serve the deployment at the bad revision.
    const servedDeployment = async (replica: ReplicaProcess) => {
      let id = '';
      await waitFor(
        `backend ${replica.name} to serve checkout's deployment`,
        async () => {
          const { status, body } = await call(
            replica,
            'GET',
            `${ENTITY_PATH}/deployments`,
          );
          const deployment = body?.deployments?.[0];
          if (status !== 200 || deployment?.deployedRevision !== shas.bad) {
            return false;
          }
          id = deployment.id;
          return true;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      return id;
    };
    const served = await Promise.all(replicas.map(servedDeployment));
    expect(new Set(served).size).toBe(1);
    deploymentId = served[0];
    const before = Number(
      (await repo.git(['rev-list', '--count', 'main'])).trim(),
    );

    const request = {
      type: 'rollback',
      deploymentId,
      targetRevision: shas.good,
      reason: 'the new image breaks checkout',
    };
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        call(replicas[i % 2], 'POST', `${ENTITY_PATH}/actions`, request),
      ),
    );
    const context = () =>
      `${JSON.stringify(
        answers,
      )}\n--- a:\n${replicas[0].recentOutput()}\n--- b:\n${replicas[1].recentOutput()}`;
    // One request created the record (201); the others got it back (200).
    expect({
      statuses: answers.map(a => a.status).sort((x, y) => x - y),
      context: answers.every(a => a.status < 300) ? '' : context(),
    }).toEqual({
      statuses: [...Array(REQUESTS - 1).fill(200), 201],
      context: '',
    });
    const ids = new Set(answers.map(a => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    firstActionId = id;

    // The record is done on whichever process created it; both see it.
    let record: any;
    await waitFor(
      'the action committed',
      async () => {
        record = (await call(replicas[1], 'GET', `/actions/${id}`)).body;
        return record?.status !== 'requested';
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(record).toMatchObject({ status: 'committed', error: null });

    // Exactly one commit on the tracked branch, the action's.
    const after = Number(
      (await repo.git(['rev-list', '--count', 'main'])).trim(),
    );
    expect(after - before).toBe(1);
    const head = (await repo.git(['rev-parse', 'main'])).trim();
    expect(record.resultCommitSha).toBe(head);
    const message = await repo.git(['log', '-1', '--format=%B', head]);
    expect(message).toContain(`${ACTION_TRAILER}: ${id}`);
    const treeAt = async (rev: string) =>
      (await repo.git(['rev-parse', `${rev}:apps/checkout`])).trim();
    expect(await treeAt(head)).toBe(await treeAt(shas.good));

    // One record, as both processes list it from the shared database.
    for (const replica of replicas) {
      const list = await call(replica, 'GET', `${ENTITY_PATH}/actions`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((r: any) => r.id)).toEqual([id]);
    }
  });

  it('moves the record to deployed when the cluster runs the commit (the watch path in both processes)', async () => {
    const head = (await repo.git(['rev-parse', 'main'])).trim();
    // The Argo CD controller deploys the rollback commit.
    await env.setStatus(
      argoApplication({
        name: 'checkout-production',
        namespace: ns,
        id: 'checkout',
        repoUrl,
        revision: head,
      }),
    );
    await waitFor(
      'the action deployed',
      async () =>
        (
          await call(replicas[0], 'GET', `/actions/${firstActionId}`)
        ).body?.status === 'deployed',
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const record = (await call(replicas[1], 'GET', `/actions/${firstActionId}`))
      .body;
    expect(record).toMatchObject({ status: 'deployed', resultCommitSha: head });
  });

  it('finishes a record that a dead process left requested, through the scheduled finisher of one of the two', async () => {
    const before = Number(
      (await repo.git(['rev-list', '--count', 'main'])).trim(),
    );
    // What a process that died right after recording its action leaves:
    // a requested row, claimed long ago, holding the deployment's open key.
    const id = randomUUID();
    const now = new Date().toISOString();
    const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
    const row: Record<string, string> = {
      id,
      entity_ref: 'component:default/checkout',
      deployment_id: deploymentId,
      type: 'rollback',
      target_revision: shas.bad,
      reason: 'roll forward again, asked on a replica that crashed',
      requested_by: 'user:default/alice',
      status: 'requested',
      warnings: '[]',
      created_at: now,
      updated_at: now,
      claimed_by: 'replica-that-died',
      claimed_at: '2026-01-01T00:00:00.000Z',
      open_key: `${deploymentId}|git`,
    };
    await psqlRows(
      databaseUrl(pg.url, `${prefix}gitops`),
      `INSERT INTO gitops_action_records (${Object.keys(row).join(
        ', ',
      )}) VALUES (${Object.values(row).map(quote).join(', ')})`,
    );

    let record: any;
    await waitFor(
      'the stale action finished',
      async () => {
        record = (await call(replicas[0], 'GET', `/actions/${id}`)).body;
        return record?.status !== undefined && record.status !== 'requested';
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(record).toMatchObject({ status: 'committed', error: null });
    const after = Number(
      (await repo.git(['rev-list', '--count', 'main'])).trim(),
    );
    expect(after - before).toBe(1);
    const head = (await repo.git(['rev-parse', 'main'])).trim();
    expect(record.resultCommitSha).toBe(head);
    expect(await repo.git(['log', '-1', '--format=%B', head])).toContain(
      `${ACTION_TRAILER}: ${id}`,
    );
    const treeAt = async (rev: string) =>
      (await repo.git(['rev-parse', `${rev}:apps/checkout`])).trim();
    expect(await treeAt(head)).toBe(await treeAt(shas.bad));
  });
});
