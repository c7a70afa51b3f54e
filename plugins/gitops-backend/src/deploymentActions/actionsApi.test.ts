import {
  startGitServer,
  startTestEnvironment,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { actionRecordDatabases } from '../actionRecords/__testUtils__/actionRecordDatabases';
import {
  BASE,
  createRollbackHistory,
  OTHER,
  OVERLAY,
  refsOf,
  treeAt,
  type RollbackHistory,
} from '../gitWrites/__testUtils__/rollbackHistory';
import {
  ALICE,
  argoApplication,
  argoDeploymentId,
  BOB,
  component,
  GUEST,
  startActionsBackend,
  type ActionsBackend,
} from './__testUtils__/actionsBackend';

jest.setTimeout(240_000);

const databases = actionRecordDatabases();
const ACTIONS = '/entities/default/component/checkout/actions';

let env: TestEnvironment;
let git: GitServer;
let repoCount = 0;

beforeAll(async () => {
  [env, git] = await Promise.all([
    startTestEnvironment(),
    startGitServer({ anonymousRead: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([env?.stop(), git?.stop()]);
});

describe.each(databases.eachSupportedId())('the actions API on %s', dbId => {
  let backend: ActionsBackend;
  let namespace: string;

  beforeAll(async () => {
    namespace = await env.createNamespace();
    backend = await startActionsBackend({
      env,
      git,
      knex: await databases.init(dbId),
      entities: [component('checkout')],
      owners: { 'component:default/checkout': [ALICE] },
      never: [GUEST],
    });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const alice = () => backend.as(ALICE);

  /** A deploy repository and an Application running `deployed` of it. */
  async function deployment(
    options: { deployed?: keyof RollbackHistory; autoSync?: boolean } = {},
  ) {
    repoCount += 1;
    const name = `checkout-${repoCount}`;
    const history = await createRollbackHistory(git, `acme/${name}`);
    const deployed = history[options.deployed ?? 'c5'] as string;
    await env.apply(
      argoApplication({
        namespace,
        name,
        kubernetesId: 'checkout',
        repoURL: `${git.url}/acme/${name}.git`,
        path: OVERLAY,
        deployed,
        autoSync: options.autoSync,
      }),
    );
    const id = argoDeploymentId(namespace, name);
    await backend.waitForDeployment(
      'checkout',
      id,
      d => d.deployedRevision === deployed,
    );
    return { history, id, repo: history.repo };
  }

  const headOf = async (d: { repo: RollbackHistory['repo'] }) =>
    (await d.repo.git(['rev-parse', 'refs/heads/main'])).trim();

  it('previews a rollback without writing: commits undone, files, expectedHead, warnings', async () => {
    const d = await deployment({ autoSync: false });
    const before = await refsOf(d.repo);
    const res = await alice().post(`${ACTIONS}/preview`, {
      type: 'rollback',
      deploymentId: d.id,
      targetRevision: d.history.c1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'rollback',
      target: 'git',
      branch: 'main',
      paths: [OVERLAY],
      delivery: 'direct',
      targetRevision: d.history.c1,
      expectedHead: d.history.c4,
    });
    expect(res.body.commitsUndone.map((c: any) => c.sha)).toEqual([
      d.history.c4,
      d.history.c2,
    ]);
    expect(res.body.files.map((f: any) => [f.path, f.status])).toEqual(
      expect.arrayContaining([
        [`${OVERLAY}/patch.yaml`, 'modified'],
        [`${OVERLAY}/extra.yaml`, 'deleted'],
      ]),
    );
    const codes = res.body.warnings.map((w: any) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'changes-outside-path',
        'risky-commit',
        'auto-sync-off',
      ]),
    );
    const outside = res.body.warnings.find(
      (w: any) => w.code === 'changes-outside-path',
    );
    expect(outside.files).toEqual([`${BASE}/deployment.yaml`]);
    expect(await refsOf(d.repo)).toBe(before);
    const listed = await alice().get(`${ACTIONS}?deploymentId=${d.id}`);
    expect(listed.body.items).toEqual([]);
  });

  it('rolls back with one commit whose tree at the path is the target’s, other paths unchanged; a repeat answers the same record', async () => {
    const d = await deployment();
    const { c1, c5 } = d.history;
    const body = {
      type: 'rollback',
      deploymentId: d.id,
      targetRevision: c1,
      reason: 'checkout errors since four replicas',
      expectedHead: d.history.c4,
    };
    const res = await alice().post(ACTIONS, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/checkout',
      deploymentId: d.id,
      type: 'rollback',
      targetRevision: c1,
      reason: body.reason,
      requestedBy: ALICE,
      status: 'committed',
      error: null,
    });
    const head = await headOf(d);
    expect(res.body.resultCommitSha).toBe(head);
    expect((await d.repo.git(['rev-parse', `${head}^`])).trim()).toBe(c5);
    expect(await treeAt(d.repo, head, OVERLAY)).toBe(
      await treeAt(d.repo, c1, OVERLAY),
    );
    for (const other of [BASE, OTHER]) {
      expect(await treeAt(d.repo, head, other)).toBe(
        await treeAt(d.repo, c5, other),
      );
    }
    const message = await d.repo.git(['log', '-1', '--format=%B', head]);
    expect(message).toContain(`GitOps-Console-Action: ${res.body.id}`);
    expect(message).toContain(`Requested-by: ${ALICE}`);
    expect(res.body.warnings.map((w: any) => w.code)).toContain('risky-commit');

    const refs = await refsOf(d.repo);
    const again = await alice().post(ACTIONS, body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    expect(await refsOf(d.repo)).toBe(refs);

    const one = await alice().get(`/actions/${res.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: res.body.id, status: 'committed' });
    const list = await alice().get(`${ACTIONS}?deploymentId=${d.id}`);
    expect(list.body.items.map((r: any) => r.id)).toEqual([res.body.id]);

    const events = backend.audit.events.filter(
      e => e.meta?.deploymentId === d.id,
    );
    expect(events.map(e => e.eventId)).toEqual([
      'gitops-rollback',
      'gitops-rollback',
    ]);
    for (const event of events) {
      expect(event.severityLevel).toBe('medium');
      expect(event.meta).toMatchObject({
        entityRef: 'component:default/checkout',
        type: 'rollback',
        target: c1,
      });
      expect(event.finishes).toEqual([
        expect.objectContaining({ outcome: 'success' }),
      ]);
    }

    const answer = await alice().get(
      '/entities/default/component/checkout/deployments',
    );
    const signalled = backend.signals.published
      .map(s => JSON.parse(s))
      .filter(s => s.message?.actionId === res.body.id);
    expect(signalled.map(s => s.message.status)).toEqual([
      'requested',
      'committed',
    ]);
    expect(signalled[0]).toMatchObject({
      channel: answer.body.signalChannel,
      message: { type: 'action-changed' },
    });
  });

  it('gives 10 concurrent requests one record and one commit', async () => {
    const d = await deployment();
    const body = {
      type: 'rollback',
      deploymentId: d.id,
      targetRevision: d.history.c2,
      reason: 'ten clicks',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => alice().post(ACTIONS, body)),
    );
    expect(answers.map(a => a.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map(a => a.body.id)).size).toBe(1);
    const head = await headOf(d);
    expect((await d.repo.git(['rev-parse', `${head}^`])).trim()).toBe(
      d.history.c5,
    );
    expect(await treeAt(d.repo, head, OVERLAY)).toBe(
      await treeAt(d.repo, d.history.c2, OVERLAY),
    );
  });

  it('reverts a commit, and answers a conflicting revert with 409 and the files, writing nothing', async () => {
    const d = await deployment();
    const { c2, c4 } = d.history;
    const conflicting = await alice().post(ACTIONS, {
      type: 'revert-commit',
      deploymentId: d.id,
      commit: c2,
      reason: 'three replicas were a mistake',
    });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body).toMatchObject({
      field: 'commit',
      code: 'revert-conflict',
      conflicts: { files: [`${OVERLAY}/patch.yaml`] },
    });
    expect(await headOf(d)).toBe(d.history.c5);
    const none = await alice().get(`${ACTIONS}?deploymentId=${d.id}`);
    expect(none.body.items).toEqual([]);

    const res = await alice().post(ACTIONS, {
      type: 'revert-commit',
      deploymentId: d.id,
      commit: c4,
      reason: 'four replicas broke checkout',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'committed', commit: c4 });
    const head = await headOf(d);
    expect(await treeAt(d.repo, head, OVERLAY)).toBe(
      await treeAt(d.repo, c2, OVERLAY),
    );
    expect(
      (await d.repo.git(['log', '-1', '--format=%s', head])).trim(),
    ).toMatch(/^Revert "checkout: four replicas"/);
  });

  it('answers a stale expectedHead with 409 and the newer commits', async () => {
    const d = await deployment();
    const res = await alice().post(ACTIONS, {
      type: 'rollback',
      deploymentId: d.id,
      targetRevision: d.history.c1,
      reason: 'stale page',
      expectedHead: d.history.c2,
    });
    expect(res.status).toBe(409);
    expect(res.body.field).toBe('expectedHead');
    expect(res.body.conflicts.commits.map((c: any) => c.sha)).toEqual([
      d.history.c4,
    ]);
    expect(await headOf(d)).toBe(d.history.c5);
  });

  it('refuses a non-owner with 403, writes nothing, and audits the denial', async () => {
    const d = await deployment();
    const before = await refsOf(d.repo);
    for (const path of [ACTIONS, `${ACTIONS}/preview`]) {
      const res = await backend.as(BOB).post(path, {
        type: 'rollback',
        deploymentId: d.id,
        targetRevision: d.history.c1,
        reason: 'not mine',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'Only owners of component:default/checkout (group:default/team-storefront) may roll it back',
      );
    }
    expect(await refsOf(d.repo)).toBe(before);
    const listed = await alice().get(`${ACTIONS}?deploymentId=${d.id}`);
    expect(listed.body.items).toEqual([]);
    const denied = backend.audit.events.filter(
      e => e.meta?.deploymentId === d.id,
    );
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      eventId: 'gitops-rollback',
      severityLevel: 'medium',
    });
    expect(denied[0].finishes).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        error: expect.stringContaining('Only owners'),
      }),
    ]);
    // Checked with the entity, so the framework can resolve isEntityOwner.
    expect(backend.policy.calls).toContainEqual({
      permission: 'gitops.deployment.rollback',
      resourceRef: 'component:default/checkout',
      user: BOB,
    });
  });

  it('refuses what cannot be done with 422, 400 or 404 naming the field', async () => {
    const d = await deployment({ deployed: 'c2' });
    const before = await refsOf(d.repo);
    const post = (body: object) =>
      alice().post(ACTIONS, { deploymentId: d.id, reason: 'why', ...body });
    const cases: Array<[object, number, string, string?]> = [
      [
        { type: 'rollback', targetRevision: 'f'.repeat(40) },
        422,
        'targetRevision',
        'target-not-in-history',
      ],
      [
        { type: 'rollback', targetRevision: d.history.c2 },
        422,
        'targetRevision',
        'already-deployed',
      ],
      [{ type: 'reconcile' }, 422, 'type', 'type-not-for-tool'],
      [
        { type: 'rollback', targetRevision: d.history.c1, reason: ' ' },
        400,
        'reason',
      ],
      [{ type: 'rollback' }, 400, 'targetRevision'],
      [
        {
          type: 'rollback',
          targetRevision: d.history.c1,
          deploymentId: 'x/y/argocd-application/z',
        },
        404,
        'deploymentId',
      ],
    ];
    for (const [body, status, field, code] of cases) {
      const res = await post(body);
      expect({
        body,
        status: res.status,
        field: res.body.field,
        code: code && res.body.code,
      }).toEqual({ body, status, field, code });
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    expect(await refsOf(d.repo)).toBe(before);

    const unknownEntity = await alice().post(
      '/entities/default/component/nope/actions',
      { type: 'sync', deploymentId: d.id },
    );
    expect(unknownEntity.status).toBe(404);
    const unknownAction = await alice().get(
      '/actions/00000000-0000-4000-8000-000000000000',
    );
    expect(unknownAction.status).toBe(404);
  });

  it('refuses a deployment without a Git source with 422', async () => {
    const name = `chart-${++repoCount}`;
    await env.apply(
      argoApplication({
        namespace,
        name,
        kubernetesId: 'checkout',
        repoURL: 'https://charts.example.com',
        chart: 'checkout',
        deployed: '1.2.3',
      }),
    );
    const id = argoDeploymentId(namespace, name);
    await backend.waitForDeployment('checkout', id);
    const res = await alice().post(`${ACTIONS}/preview`, {
      type: 'rollback',
      deploymentId: id,
      targetRevision: '1.2.2',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      field: 'deploymentId',
      code: 'no-git-source',
    });
  });

  it('leaves the Git credentials in no log line, audit event or signal', async () => {
    // The writes above pushed with the server's token.
    expect(backend.audit.events.length).toBeGreaterThan(5);
    const seen = [
      ...backend.logs.lines,
      ...backend.signals.published,
      ...backend.audit.events.map(e => JSON.stringify(e)),
    ].join('\n');
    expect(seen).toContain('gitops-rollback');
    expect(seen).not.toContain(git.token);
    expect(seen).not.toContain(
      Buffer.from(`git:${git.token}`).toString('base64'),
    );
  });

  it('tells pages who may act: allowed, denied with the reason, never', async () => {
    const path = `${ACTIONS}/permissions`;
    expect((await alice().get(path)).body).toEqual({
      rollback: { result: 'allowed' },
      sync: { result: 'allowed' },
    });
    const bob = await backend.as(BOB).get(path);
    expect(bob.body.rollback).toEqual({
      result: 'denied',
      reason:
        'Only owners of component:default/checkout (group:default/team-storefront) may roll it back',
    });
    expect(bob.body.sync.result).toBe('denied');
    expect((await backend.as(GUEST).get(path)).body).toEqual({
      rollback: { result: 'never' },
      sync: { result: 'never' },
    });
  });
});
