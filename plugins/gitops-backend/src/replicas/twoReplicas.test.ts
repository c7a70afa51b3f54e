/*
 * Issue 15, "Two backend processes on one PostgreSQL" and "Restart under
 * load". Two real backend processes (packages/backend/src/replica: the
 * catalog and the GitOps plugin on Backstage's default services) share one
 * PostgreSQL, watch one real kube-apiserver and read one Git server, once
 * as plain Git (`checkout`, direct commits) and once through the GitHub
 * facade (`payments`, pull requests). On them:
 *
 *   1. both serve the same answers (entity deployments, the fleet page);
 *   2. a rollback asked on each at the same moment opens one pull request;
 *   3. a restart (SIGTERM, start again) under load fails no request to the
 *      other replica;
 *   4. the ledger holds each transition once, across that restart;
 *   5. a replica killed (SIGKILL) while its push is in flight leaves a
 *      record the other finishes within `staleAfterSeconds` and a half.
 *
 * Every wait is bounded; every process is stopped in afterAll.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  freePort,
  startGitHubFacade,
  startGitServer,
  startRedis,
  startTestEnvironment,
  waitFor,
  type GitHubFacade,
  type GitServer,
  type PostgresServer,
  type RedisServer,
  type ScriptedRepository,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { ACTION_TRAILER } from '../gitWrites';
import { argoApplication } from '../actionProgress/__testUtils__/viewsOnApiserver';
import {
  callReplica,
  startReplica,
  type ReplicaProcess,
} from '../actionProgress/__testUtils__/replicaProcess';
import { startLoad, type LoadCounts } from './__testUtils__/loadClient';
import { holdNextPush } from './__testUtils__/pushHold';
import { databaseUrl, psqlRows } from './__testUtils__/psql';
import {
  replicaConfig,
  type InstallationConfig,
} from './__testUtils__/replicaConfig';
import { sharedPostgres } from './__testUtils__/sharedPostgres';
import { withoutObservationTimes } from './__testUtils__/withoutObservationTimes';

jest.setTimeout(240_000);

const GIT_TOKEN = 'git-replicas-token-8c2d';
const API_TOKEN = randomBytes(18).toString('hex');
const GITHUB_HOST = 'github.replicas.test';
const STALE_AFTER_SECONDS = 30;
const START_TIMEOUT_MS = 150_000;
const CHECKOUT = '/entities/default/component/checkout';
const PAYMENTS = '/entities/default/component/payments';

describe('two backend replicas on one PostgreSQL', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let facade: GitHubFacade;
  let pg: { url: string; server?: PostgresServer };
  /** The shared cache (`backend.cache.store: redis`), where installed. */
  let redis: RedisServer | undefined;
  let workDir: string;
  let installation: InstallationConfig;
  let replicaEnv: NodeJS.ProcessEnv;
  const replicas: ReplicaProcess[] = [];
  const everyStarted: ReplicaProcess[] = [];
  const ports: Record<string, number> = {};
  const repos: Record<string, ScriptedRepository> = {};
  const shas: Record<string, string> = {};
  const deploymentIds: Record<string, string> = {};
  let ns: string;

  const call = (
    replica: ReplicaProcess,
    method: string,
    url: string,
    body?: unknown,
  ) => callReplica(replica, API_TOKEN, method, url, body);
  const output = () =>
    replicas.map(r => `--- ${r.name}:\n${r.recentOutput()}`).join('\n');

  const start = async (name: string) => {
    ports[name] ??= await freePort();
    const replica = await startReplica({
      name,
      port: ports[name],
      config: replicaConfig(installation, { name, port: ports[name] }),
      workDir,
      timeoutMs: START_TIMEOUT_MS,
      env: replicaEnv,
    });
    everyStarted.push(replica);
    return replica;
  };

  const application = (id: string, repoUrl: string, revision: string) =>
    argoApplication({
      name: `${id}-production`,
      namespace: ns,
      id,
      repoUrl,
      revision,
    });
  const repoUrls = () => ({
    checkout: `${git.url}/acme/checkout.git`,
    payments: `https://${GITHUB_HOST}/acme/payments.git`,
  });

  /** Waits until every replica serves `entity` deployed at `revision`. */
  const servedAt = (entity: 'checkout' | 'payments', revision: string) =>
    Promise.all(
      replicas.map(replica =>
        waitFor(
          `replica ${replica.name} to serve ${entity} at ${revision}`,
          async () => {
            const entityPath = entity === 'checkout' ? CHECKOUT : PAYMENTS;
            const { status, body } = await call(
              replica,
              'GET',
              `${entityPath}/deployments`,
            );
            const deployment = body?.deployments?.[0];
            if (status !== 200 || deployment?.deployedRevision !== revision) {
              return false;
            }
            deploymentIds[entity] = deployment.id;
            return true;
          },
          { timeoutMs: 90_000, intervalMs: 500 },
        ),
      ),
    );

  beforeAll(async () => {
    [env, git, pg] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ token: GIT_TOKEN, anonymousRead: true }),
      sharedPostgres(),
    ]);
    if (fs.existsSync('/usr/bin/redis-server')) redis = await startRedis();
    // eslint-disable-next-line no-console
    else console.log('no redis-server: the replicas cache in memory');
    facade = await startGitHubFacade({
      git,
      token: GIT_TOKEN,
      webUrl: `https://${GITHUB_HOST}`,
    });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-replicas-'));
    for (const name of ['checkout', 'payments']) {
      const repo = await git.createRepository(`acme/${name}`);
      repos[name] = repo;
      shas[`${name}Good`] = await repo.commit({
        message: `${name}: 2 replicas`,
        files: { [`apps/${name}/deployment.yaml`]: 'replicas: 2\n' },
      });
      shas[`${name}Bad`] = await repo.commit({
        message: `${name}: new image that breaks ${name}`,
        files: {
          [`apps/${name}/deployment.yaml`]: 'replicas: 2\nimage: v2\n',
        },
      });
    }
    ns = await env.createNamespace();
    await env.apply(
      application('checkout', repoUrls().checkout, shas.checkoutBad),
    );
    await env.apply(
      application('payments', repoUrls().payments, shas.paymentsBad),
    );
    const catalogFile = path.join(workDir, 'catalog.yaml');
    fs.writeFileSync(
      catalogFile,
      ['checkout', 'payments']
        .map(name =>
          [
            'apiVersion: backstage.io/v1alpha1',
            'kind: Component',
            'metadata:',
            `  name: ${name}`,
            '  annotations:',
            `    backstage.io/kubernetes-id: ${name}`,
            'spec:',
            '  type: service',
            '  lifecycle: production',
            '  owner: team-storefront',
            '',
          ].join('\n'),
        )
        .join('---\n'),
    );
    // The GitHub writer clones https://<host>/<owner>/<repo>.git; the Git
    // behind the facade serves it here (a global git config of the
    // replicas only).
    const gitConfig = path.join(workDir, 'gitconfig');
    fs.writeFileSync(
      gitConfig,
      `[url "${git.url}/"]\n\tinsteadOf = https://${GITHUB_HOST}/\n`,
    );
    replicaEnv = { GIT_CONFIG_GLOBAL: gitConfig };
    installation = {
      env,
      postgresUrl: pg.url,
      // One installation per run: the replicas share it, other runs do not.
      prefix: `gitops_replicas_${randomBytes(4).toString('hex')}_`,
      apiToken: API_TOKEN,
      catalogFile,
      gitUrl: git.url,
      gitToken: GIT_TOKEN,
      githubHost: GITHUB_HOST,
      githubApiUrl: facade.url,
      channelSecret: randomBytes(16).toString('hex'),
      staleAfterSeconds: STALE_AFTER_SECONDS,
      workDir,
      ...(redis && { cache: { store: 'redis', connection: redis.url } }),
    };
    // One after the other: the first creates the databases and runs the
    // migrations, which two first starts would race on.
    const startedAt = Date.now();
    replicas.push(await start('a'));
    replicas.push(await start('b'));
    // eslint-disable-next-line no-console
    console.log(
      `two replicas started in ${((Date.now() - startedAt) / 1000).toFixed(
        1,
      )} s`,
    );
  }, 2 * START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await Promise.all(everyStarted.map(r => r.stop()));
    if (pg && !pg.server && installation) {
      // A shared server outlives this file: leave it as it was.
      for (const plugin of ['catalog', 'gitops']) {
        await psqlRows(
          pg.url,
          `DROP DATABASE IF EXISTS "${installation.prefix}${plugin}" WITH (FORCE)`,
        ).catch(() => {});
      }
    }
    await facade?.stop();
    await Promise.all([
      env?.stop(),
      git?.stop(),
      pg?.server?.stop(),
      redis?.stop(),
    ]);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('serves the same deployments and fleet page from both replicas', async () => {
    await servedAt('checkout', shas.checkoutBad);
    await servedAt('payments', shas.paymentsBad);
    const answersOf = async (replica: ReplicaProcess) => {
      const answers: Record<string, unknown> = {};
      for (const url of [
        `${CHECKOUT}/deployments`,
        `${PAYMENTS}/deployments`,
        '/deployments',
      ]) {
        const { status, body } = await call(replica, 'GET', url);
        answers[url] = { status, body: withoutObservationTimes(body) };
      }
      return answers;
    };
    // Both replicas build their views on their own; they agree once both
    // have read everything (CI states, commits), within a bound.
    let answers: unknown[] = [];
    await waitFor(
      'both replicas to give the same answers',
      async () => {
        answers = await Promise.all(replicas.map(answersOf));
        return JSON.stringify(answers[0]) === JSON.stringify(answers[1]);
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    ).catch(() => {});
    expect(answers[1]).toEqual(answers[0]);
    const fleet = (answers[0] as any)['/deployments'];
    expect(fleet.status).toBe(200);
    expect(fleet.body.items.map((d: any) => d.entityRef).sort()).toEqual([
      'component:default/checkout',
      'component:default/payments',
    ]);
  });

  it('opens one pull request for rollbacks asked on both replicas at the same moment', async () => {
    const pullsBefore = openedPulls();
    const request = {
      type: 'rollback',
      deploymentId: deploymentIds.payments,
      targetRevision: shas.paymentsGood,
      reason: 'the new image breaks payments',
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(replicas[i % 2], 'POST', `${PAYMENTS}/actions`, request),
      ),
    );
    const context = `${JSON.stringify(answers)}\n${output()}`;
    const created = answers.filter(a => a.status === 201);
    expect({ created: created.length, context }).toEqual({
      created: 1,
      context,
    });
    const id = created[0].body.id;
    // Every other request got the same record back, or a clear conflict
    // that names it.
    const others = answers
      .filter(a => a.status !== 201)
      .map(a => {
        if (a.status === 200 && a.body.id === id) return 'same record';
        if (a.status === 409 && String(a.body?.error?.message).includes(id)) {
          return 'conflict naming it';
        }
        return JSON.stringify(a);
      });
    expect({
      unexpected: others.filter(
        o => o !== 'same record' && o !== 'conflict naming it',
      ),
      context,
    }).toEqual({ unexpected: [], context });
    let record: any;
    await waitFor(
      'the pull request opened',
      async () => {
        record = (await call(replicas[1], 'GET', `/actions/${id}`)).body;
        return record?.status !== 'requested';
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(record).toMatchObject({ status: 'pr-open', error: null });
    expect(openedPulls() - pullsBefore).toBe(1);
    const listed = await fetch(
      `${facade.url}/repos/acme/payments/pulls?state=all`,
      { headers: { authorization: `token ${GIT_TOKEN}` } },
    );
    const pulls = (await listed.json()) as Array<{ html_url: string }>;
    expect(pulls.map(p => p.html_url)).toEqual([record.prUrl]);
    for (const replica of replicas) {
      const list = await call(replica, 'GET', `${PAYMENTS}/actions`);
      expect(list.body.items.map((r: any) => r.id)).toEqual([id]);
    }
  });

  it('keeps the GitHub answers in the Redis both replicas share, without credentials', async () => {
    if (!redis) return; // no redis-server here: said in beforeAll
    const keys = (await redis.command('KEYS', '*')) as string[];
    const answers = keys.filter(key => {
      const [namespace, encoded = ''] = key.split(':');
      return (
        namespace === 'gitops' &&
        Buffer.from(encoded, 'base64')
          .toString('utf8')
          .startsWith('github-answer:')
      );
    });
    expect(answers.length).toBeGreaterThan(0);
    for (const key of answers) {
      expect(String(await redis.command('GET', key))).not.toContain(GIT_TOKEN);
    }
  });

  /** Checkout's deployed revisions in the order this test deployed them. */
  const checkoutDeployed: string[] = [];
  const deployCheckout = async (n: number) => {
    const sha = await repos.checkout.commit({
      message: `checkout: ${n} replicas`,
      files: { 'apps/checkout/deployment.yaml': `replicas: ${n}\n` },
    });
    checkoutDeployed.push(sha);
    await env.setStatus(application('checkout', repoUrls().checkout, sha));
    await servedAt('checkout', sha);
  };

  it('sees a new deployment on both replicas', async () => {
    checkoutDeployed.push(shas.checkoutBad);
    // Deployed before the restart below, so the restarted replica first
    // sees checkout at a revision other than the one both first saw.
    await deployCheckout(3);
    const served = await Promise.all(
      replicas.map(
        async r =>
          (
            await call(r, 'GET', `${CHECKOUT}/deployments`)
          ).body.deployments[0].deployedRevision,
      ),
    );
    expect(served).toEqual([checkoutDeployed[1], checkoutDeployed[1]]);
  });

  it('fails no request to the other replica while one restarts under load', async () => {
    const load = startLoad({
      targets: [
        { name: 'a', url: () => `${replicas[0].url}/api/gitops` },
        { name: 'b', url: () => `${replicas[1].url}/api/gitops` },
      ],
      paths: [
        `${CHECKOUT}/deployments`,
        `${PAYMENTS}/deployments`,
        '/deployments',
      ],
      headers: { authorization: `Bearer ${API_TOKEN}` },
      concurrency: 2,
      timeoutMs: 30_000,
    });
    const okOf = (name: string) => load.counts()[name].ok;
    let counts: Record<string, LoadCounts> | undefined;
    try {
      await waitFor(
        'load on both replicas',
        async () => okOf('a') >= 10 && okOf('b') >= 10,
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      const restartedAt = Date.now();
      await replicas[0].stop(30_000); // SIGTERM, then KILL after 30 s
      const stoppedMs = Date.now() - restartedAt;
      replicas[0] = await start('a');
      const backMs = Date.now() - restartedAt;
      const okAtRestart = okOf('a');
      await waitFor(
        'load on the restarted replica',
        async () => okOf('a') >= okAtRestart + 10,
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      );
      counts = await load.stop();
      // eslint-disable-next-line no-console
      console.log(
        `restart under load: replica a stopped in ${(stoppedMs / 1000).toFixed(
          1,
        )} s and answered again ${(backMs / 1000).toFixed(
          1,
        )} s after SIGTERM; requests ${JSON.stringify(counts)}`,
      );
    } finally {
      await load.stop();
    }
    expect(counts!.b.failures).toEqual([]);
    expect(counts!.b.errors).toBe(0);
    expect(counts!.b.ok).toBeGreaterThan(20);
    expect(counts!.a.ok).toBeGreaterThan(20);
  });

  it('records each ledger transition once with both replicas watching, across the restart', async () => {
    await deployCheckout(4);
    const deployed = checkoutDeployed;
    const ledgerIds = async (replica: ReplicaProcess) => {
      const { body } = await call(
        replica,
        'GET',
        `${CHECKOUT}/ledger?limit=500`,
      );
      return (body?.items ?? []) as Array<{
        id: string;
        transition: string;
        revisionAfter?: string;
      }>;
    };
    // Each replica writes what it saw; the events land within a bound.
    await waitFor(
      'the last deployment in the ledger of both replicas',
      async () =>
        (
          await Promise.all(replicas.map(ledgerIds))
        ).every(items =>
          items.some(
            e => e.transition === 'deployed' && e.revisionAfter === deployed[2],
          ),
        ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const [fromA, fromB] = await Promise.all(replicas.map(ledgerIds));
    expect(fromB.map(e => e.id)).toEqual(fromA.map(e => e.id));

    const gitops = databaseUrl(pg.url, `${installation.prefix}gitops`);
    expect(
      await psqlRows(
        gitops,
        'SELECT event_key, count(*) FROM gitops_ledger_events GROUP BY event_key HAVING count(*) > 1',
      ),
    ).toEqual([]);
    // Per transition: each revision was deployed once, so it is one event.
    const perTransition = await psqlRows(
      gitops,
      `SELECT deployment_id, transition, coalesce(revision_after, ''), coalesce(drift_before, ''), coalesce(drift_after, ''), count(*)
         FROM gitops_ledger_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    );
    // eslint-disable-next-line no-console
    console.log(
      `ledger rows per transition (deployment, transition, revision, drift before, drift after, count):\n${perTransition
        .map(r => r.join(' '))
        .join('\n')}`,
    );
    expect(perTransition.filter(r => r[5] !== '1')).toEqual([]);
    // A replica's first sight records the drift state with nothing before
    // it; a restart at a later revision must not record it again.
    expect(
      await psqlRows(
        gitops,
        `SELECT deployment_id, count(*) FROM gitops_ledger_events
          WHERE transition = 'drift' AND drift_before IS NULL
          GROUP BY 1 HAVING count(*) > 1`,
      ),
    ).toEqual([]);
    const deployedRows = await psqlRows(
      gitops,
      `SELECT revision_after FROM gitops_ledger_events
        WHERE deployment_id = '${deploymentIds.checkout}' AND transition = 'deployed'
        ORDER BY occurred_at, observed_at`,
    );
    expect(deployedRows.map(r => r[0])).toEqual(deployed);
  });

  it('finishes, within the bound, an action whose replica was killed while its push was in flight', async () => {
    const repo = repos.checkout;
    const gitDir = path.join(git.root, 'acme/checkout.git');
    const before = (await repo.git(['rev-parse', 'main'])).trim();
    const hold = holdNextPush(gitDir);
    const victim = replicas[0];
    const survivor = replicas[1];
    let answer;
    try {
      answer = await call(victim, 'POST', `${CHECKOUT}/actions`, {
        type: 'rollback',
        deploymentId: deploymentIds.checkout,
        targetRevision: shas.checkoutGood,
        reason: 'roll back, asked on the replica that is about to die',
      });
      expect({
        status: answer.status,
        output: answer.status === 201 ? '' : output(),
      }).toEqual({
        status: 201,
        output: '',
      });
      // The push is held in the server's hook: the write is in flight.
      await hold.arrived(60_000);
    } catch (error) {
      hold.release();
      throw error;
    }
    const id = answer.body.id;
    const killedAt = Date.now();
    await victim.crash();
    // The dead replica's pack is in; let the server finish what it received.
    hold.release();
    const left = (await call(survivor, 'GET', `/actions/${id}`)).body;
    expect(left.status).toBe('requested');

    let record: any;
    await waitFor(
      'the other replica to finish the record',
      async () => {
        record = (await call(survivor, 'GET', `/actions/${id}`)).body;
        return record?.status !== 'requested';
      },
      {
        timeoutMs: (STALE_AFTER_SECONDS * 1.5 + 60) * 1000,
        intervalMs: 250,
      },
    );
    const tookSeconds = (Date.now() - killedAt) / 1000;
    // eslint-disable-next-line no-console
    console.log(
      `SIGKILL mid-push: the other replica moved the record to ${
        record.status
      } ${tookSeconds.toFixed(
        1,
      )} s after the kill (staleAfterSeconds ${STALE_AFTER_SECONDS})`,
    );
    // Taken over once the claim is older than the bound, by a finisher
    // running every half bound, plus the write itself.
    expect(tookSeconds).toBeLessThan(STALE_AFTER_SECONDS * 1.5 + 30);
    // The dead replica's pack was in and landed; the survivor found that
    // commit by its trailer and reused it: one commit, the target's tree.
    expect(record).toMatchObject({ status: 'committed', error: null });
    const actionCommits = (
      await repo.git([
        'log',
        '--format=%H',
        `--grep=${ACTION_TRAILER}: ${id}`,
        `${before}..main`,
      ])
    )
      .split('\n')
      .filter(Boolean);
    expect(actionCommits).toEqual([record.resultCommitSha]);
    const treeAt = async (rev: string) =>
      (await repo.git(['rev-parse', `${rev}:apps/checkout`])).trim();
    expect(await treeAt(record.resultCommitSha)).toBe(
      await treeAt(shas.checkoutGood),
    );
  });

  /** Pull requests the facade opened so far. */
  function openedPulls() {
    return facade.served.filter(
      r =>
        r.method === 'POST' &&
        r.template === '/repos/{owner}/{repo}/pulls' &&
        r.status === 201,
    ).length;
  }
});
