import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import {
  createRollbackHistory,
  OVERLAY,
} from '../gitWrites/__testUtils__/rollbackHistory';
import {
  ALICE,
  argoApplication,
  argoDeploymentId,
  argoSyncedTo,
  BOB,
  CLUSTER,
  component,
  fluxKustomization,
  startActionsBackend,
  type ActionsBackend,
} from './__testUtils__/actionsBackend';

jest.setTimeout(240_000);

const ACTIONS = '/entities/default/component/inventory/actions';
const READ_ONLY_CLUSTER = 'prod-eu-readonly';

let env: TestEnvironment;
let git: GitServer;
let backend: ActionsBackend;
let namespace: string;
let count = 0;

beforeAll(async () => {
  [env, git] = await Promise.all([
    startTestEnvironment(),
    startGitServer({ anonymousRead: true }),
  ]);
  namespace = await env.createNamespace();
  // The same apiserver through a token that may read the CD kinds only.
  const reader = await env.createServiceAccountToken(
    [
      {
        apiGroups: [
          'argoproj.io',
          'kustomize.toolkit.fluxcd.io',
          'helm.toolkit.fluxcd.io',
          'source.toolkit.fluxcd.io',
        ],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
    { clusterWide: true },
  );
  backend = await startActionsBackend({
    env,
    git,
    entities: [component('inventory')],
    owners: { 'component:default/inventory': [ALICE] },
    clusters: [
      {
        name: READ_ONLY_CLUSTER,
        url: env.server,
        token: reader.token,
        caData: Buffer.from(env.caPem).toString('base64'),
        environment: 'staging',
      },
    ],
  });
});
afterAll(async () => {
  await backend?.stop();
  await Promise.all([env?.stop(), git?.stop()]);
});

async function argo() {
  count += 1;
  const name = `inventory-${count}`;
  const history = await createRollbackHistory(git, `acme/${name}`);
  const app = argoApplication({
    namespace,
    name,
    kubernetesId: 'inventory',
    repoURL: `${git.url}/acme/${name}.git`,
    path: OVERLAY,
    deployed: history.c5,
  });
  await env.apply(app);
  const id = argoDeploymentId(namespace, name);
  await backend.waitForDeployment(
    'inventory',
    id,
    d => d.deployedRevision === history.c5,
  );
  return { app, id, history };
}

async function flux() {
  count += 1;
  const name = `inventory-${count}`;
  const history = await createRollbackHistory(git, `acme/${name}`);
  const objects = fluxKustomization({
    namespace,
    name,
    kubernetesId: 'inventory',
    repoURL: `${git.url}/acme/${name}.git`,
    path: OVERLAY,
    deployed: history.c5,
  });
  await env.apply(objects.source);
  await env.setStatus(objects.source);
  await env.apply(objects.kustomization);
  await env.setStatus(objects.kustomization);
  const id = `${CLUSTER}/${namespace}/flux-kustomization/${name}`;
  await backend.waitForDeployment('inventory', id);
  return { ...objects, id, history };
}

const waitForStatus = (id: string, status: string) =>
  waitFor(
    `action ${id} ${status}`,
    async () =>
      (await backend.as(ALICE).get(`/actions/${id}`)).body.status === status,
    { timeoutMs: 60_000, intervalMs: 200 },
  );

describe('cluster actions through the API', () => {
  it('syncs an Argo CD Application as the user, and the record is deployed once the sync ran', async () => {
    const d = await argo();
    const preview = await backend.as(ALICE).post(`${ACTIONS}/preview`, {
      type: 'sync',
      deploymentId: d.id,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ target: 'cluster', type: 'sync' });
    expect(preview.body.effect).toEqual(expect.stringContaining('operation'));
    expect((await env.get<any>(d.app))?.operation).toBeUndefined();

    const res = await backend.as(ALICE).post(ACTIONS, {
      type: 'sync',
      deploymentId: d.id,
      reason: 'pick up the hotfix',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'sync', status: 'committed' });
    const stored = await env.get<any>(d.app);
    expect(stored.operation.sync).toBeDefined();
    expect(stored.operation.initiatedBy.username).toBe(ALICE);

    // Argo CD runs the operation and records when it finished.
    const finishedAt = new Date(Date.now() + 1000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    await env.setStatus(argoSyncedTo(stored, d.history.c5, finishedAt));
    await waitForStatus(res.body.id, 'deployed');
    const statuses = backend.signals.published
      .map(s => JSON.parse(s).message)
      .filter(m => m?.actionId === res.body.id)
      .map(m => m.status);
    expect(statuses).toEqual(['requested', 'committed', 'deployed']);
  });

  it('refreshes an Argo CD Application with the annotation', async () => {
    const d = await argo();
    const res = await backend.as(ALICE).post(ACTIONS, {
      type: 'refresh',
      deploymentId: d.id,
    });
    expect(res.status).toBe(201);
    const stored = await env.get<any>(d.app);
    expect(stored.metadata.annotations['argocd.argoproj.io/refresh']).toBe(
      'normal',
    );
    const events = backend.audit.events.filter(
      e => e.meta?.deploymentId === d.id,
    );
    expect(
      events.map(e => [e.eventId, e.finishes.map(f => f.outcome)]),
    ).toEqual([['gitops-refresh', ['success']]]);
  });

  it('reconciles, suspends and resumes a Flux Kustomization', async () => {
    const d = await flux();
    const reconcile = await backend.as(ALICE).post(ACTIONS, {
      type: 'reconcile',
      deploymentId: d.id,
    });
    expect(reconcile.status).toBe(201);
    const annotation = 'reconcile.fluxcd.io/requestedAt';
    expect(
      (await env.get<any>(d.kustomization)).metadata.annotations[annotation],
    ).toEqual(expect.any(String));
    expect(
      (await env.get<any>(d.source)).metadata.annotations[annotation],
    ).toEqual(expect.any(String));

    const suspend = await backend.as(ALICE).post(ACTIONS, {
      type: 'suspend',
      deploymentId: d.id,
    });
    expect(suspend.status).toBe(201);
    expect((await env.get<any>(d.kustomization)).spec.suspend).toBe(true);
    // The watch sees it: the answer says suspended, and the record is done.
    await backend.waitForDeployment(
      'inventory',
      d.id,
      dep => dep.suspended === true,
    );
    await waitForStatus(suspend.body.id, 'deployed');

    const resume = await backend.as(ALICE).post(ACTIONS, {
      type: 'resume',
      deploymentId: d.id,
    });
    expect(resume.status).toBe(201);
    expect((await env.get<any>(d.kustomization)).spec.suspend).toBe(false);
    await waitForStatus(resume.body.id, 'deployed');

    const sync = await backend.as(ALICE).post(ACTIONS, {
      type: 'sync',
      deploymentId: d.id,
    });
    expect(sync.status).toBe(422);
    expect(sync.body.field).toBe('type');
  });

  it('answers a read-only cluster token with 403 and the cluster’s message', async () => {
    const d = await argo();
    const id = d.id.replace(`${CLUSTER}/`, `${READ_ONLY_CLUSTER}/`);
    await backend.waitForDeployment('inventory', id);
    const res = await backend.as(ALICE).post(ACTIONS, {
      type: 'sync',
      deploymentId: id,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/cannot (patch|get)/);
    expect((await env.get<any>(d.app))?.operation).toBeUndefined();
    const listed = await backend.as(ALICE).get(`${ACTIONS}?deploymentId=${id}`);
    expect(listed.body.items.map((r: any) => r.status)).toEqual(['failed']);
  });

  it('moves a rollback to deployed when the watch sees the cluster run its commit', async () => {
    const d = await argo();
    const res = await backend.as(ALICE).post(ACTIONS, {
      type: 'rollback',
      deploymentId: d.id,
      targetRevision: d.history.c2,
      reason: 'back to three replicas',
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('committed');
    // Argo CD syncs the new commit (auto-sync), as the demo cluster would.
    const stored = await env.get<any>(d.app);
    await env.setStatus(
      argoSyncedTo(stored, res.body.resultCommitSha, new Date().toISOString()),
    );
    await waitForStatus(res.body.id, 'deployed');
  });

  it('serves the destructive actions in the actions registry with the same checks', async () => {
    const d = await argo();
    const list = await backend.as(ALICE).get('/.backstage/actions/v1/actions');
    const attributes = Object.fromEntries(
      list.body.actions.map((a: any) => [a.id, a.attributes]),
    );
    expect(attributes['gitops:rollback-deployment']).toMatchObject({
      destructive: true,
    });
    expect(attributes['gitops:sync-deployment']).toMatchObject({
      destructive: true,
    });

    const invoke = (user: string, action: string, input: object) =>
      backend
        .as(user)
        .post(`/.backstage/actions/v1/actions/gitops:${action}/invoke`, input);
    const denied = await invoke(BOB, 'rollback-deployment', {
      entityRef: 'component:default/inventory',
      deploymentId: d.id,
      targetRevision: d.history.c1,
      reason: 'from an assistant',
    });
    expect(denied.status).toBe(403);
    const refreshed = await invoke(ALICE, 'sync-deployment', {
      entityRef: 'component:default/inventory',
      deploymentId: d.id,
      type: 'refresh',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.output).toMatchObject({
      type: 'refresh',
      status: 'committed',
      requestedBy: ALICE,
      created: true,
    });
    const rolled = await invoke(ALICE, 'rollback-deployment', {
      entityRef: 'component:default/inventory',
      deploymentId: d.id,
      targetRevision: d.history.c1,
      reason: 'from an assistant',
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body.output).toMatchObject({
      type: 'rollback',
      status: 'committed',
    });
  });
});
