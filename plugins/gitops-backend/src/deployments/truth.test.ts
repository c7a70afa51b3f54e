import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  Deployment,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  startGitServer,
  startTestEnvironment,
  waitFor,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

jest.setTimeout(240_000);

const kustomization = (resources: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources
    .map(r => `  - ${r}\n`)
    .join('')}`;

function component(name: string, id: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': id },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * The truth of the picture (issue 10) against a real apiserver and real
 * Git: render inputs (kustomize bases, Helm value files of a `ref`
 * source), the last change as the headline, the outside-the-path hint only
 * when it holds, and one first-parent rule for pending and history.
 */
describe('truth of the Git facts', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let server: any;
  let stopBackend: () => Promise<void>;
  let ns: string;
  let repoUrl: string;
  const shas: Record<string, string> = {};

  const answer = async (name: string): Promise<EntityDeploymentsResponse> => {
    const res = await request(server)
      .get(`/api/gitops/entities/default/component/${name}/deployments`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const byName = async (entity: string, name: string) =>
    (await answer(entity)).deployments.find(d => d.name === name);
  /** Waits until the named deployment satisfies `ready`. */
  const until = async (
    entity: string,
    name: string,
    ready: (d: Deployment) => boolean,
  ): Promise<Deployment> => {
    let found: Deployment | undefined;
    await waitFor(
      `${name} of ${entity}`,
      async () => {
        found = await byName(entity, name);
        return found !== undefined && ready(found);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return found!;
  };

  const argoApp = (
    name: string,
    id: string,
    source: Record<string, unknown> | Record<string, unknown>[],
    status: any,
  ) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: ns,
      labels: { 'backstage.io/kubernetes-id': id },
    },
    spec: {
      project: 'default',
      ...(Array.isArray(source) ? { sources: source } : { source }),
      destination: { server: 'https://kubernetes.default.svc', namespace: id },
    },
    status,
  });
  const synced = (revision: string, at: string, extra: any = {}) => ({
    sync: { status: 'Synced', revision },
    health: { status: 'Healthy' },
    operationState: {
      phase: 'Succeeded',
      operation: { sync: { revision }, initiatedBy: { automated: true } },
      startedAt: at,
      finishedAt: at,
      syncResult: { revision },
    },
    history: [{ id: 1, revision, deployedAt: at }],
    ...extra,
  });

  beforeAll(async () => {
    [env, git] = await Promise.all([
      startTestEnvironment(),
      startGitServer({ anonymousRead: true }),
    ]);
    const repo = await git.createRepository('acme/truth');
    repoUrl = `${git.url}/acme/truth.git`;
    shas.init = await repo.commit({
      message: 'checkout: base and overlays',
      files: {
        'apps/checkout/base/kustomization.yaml': kustomization([
          'deployment.yaml',
        ]),
        'apps/checkout/base/deployment.yaml': 'image: checkout:1.0\n',
        'apps/checkout/overlays/staging/kustomization.yaml': kustomization([
          '../../base',
        ]),
        'apps/checkout/overlays/production/kustomization.yaml': kustomization([
          '../../base',
        ]),
        'apps/search/deployment.yaml': 'replicas: 1\n',
        'envs/prod/values.yaml': 'replicas: 2\n',
        'envs/staging/values.yaml': 'replicas: 1\n',
      },
      date: '2026-11-01T09:00:00Z',
    });
    shas.inventory = await repo.commit({
      message: 'inventory: scale staging',
      files: { 'apps/inventory/deployment.yaml': 'replicas: 3\n' },
      date: '2026-11-02T09:00:00Z',
    });
    shas.base = await repo.commit({
      message: 'checkout: image 1.1 in the base',
      files: { 'apps/checkout/base/deployment.yaml': 'image: checkout:1.1\n' },
      date: '2026-11-03T09:00:00Z',
    });
    shas.search = await repo.commit({
      message: 'search: tune',
      files: { 'apps/search/deployment.yaml': 'replicas: 2\n' },
      date: '2026-11-04T09:00:00Z',
    });
    // A pull request with two commits on a branch, merged with a merge commit.
    await repo.branch('prod-replicas', 'main');
    shas.branch1 = await repo.commit({
      branch: 'prod-replicas',
      message: 'production: patch replicas',
      files: {
        'apps/checkout/overlays/production/replicas.yaml': 'replicas: 3\n',
      },
      date: '2026-11-05T09:00:00Z',
    });
    shas.branch2 = await repo.commit({
      branch: 'prod-replicas',
      message: 'production: reference the patch',
      files: {
        'apps/checkout/overlays/production/kustomization.yaml': kustomization([
          '../../base',
          'replicas.yaml',
        ]),
      },
      date: '2026-11-05T10:00:00Z',
    });
    shas.merge = await repo.merge({
      from: 'prod-replicas',
      into: 'main',
      message:
        'Merge pull request #21 from acme/prod-replicas\n\nproduction: three replicas',
      date: '2026-11-06T09:00:00Z',
    });
    shas.values = await repo.commit({
      message: 'values: production replicas',
      files: { 'envs/prod/values.yaml': 'replicas: 4\n' },
      date: '2026-11-07T09:00:00Z',
    });
    shas.stagingValues = await repo.commit({
      message: 'values: staging replicas',
      files: { 'envs/staging/values.yaml': 'replicas: 2\n' },
      date: '2026-11-08T09:00:00Z',
    });

    ns = await env.createNamespace();
    const at = (day: number) =>
      `2026-11-${String(day).padStart(2, '0')}T12:00:00Z`;
    await env.apply(
      argoApp(
        'checkout-staging',
        'checkout',
        {
          repoURL: repoUrl,
          path: 'apps/checkout/overlays/staging',
          targetRevision: 'main',
        },
        synced(shas.search, at(4)),
      ),
    );
    await env.apply(
      argoApp(
        'checkout-production',
        'checkout',
        {
          repoURL: repoUrl,
          path: 'apps/checkout/overlays/production',
          targetRevision: 'main',
        },
        synced(shas.inventory, at(2), {
          sync: { status: 'OutOfSync', revision: shas.stagingValues },
        }),
      ),
    );
    await env.apply(
      argoApp(
        'web-production',
        'web',
        [
          {
            repoURL: 'https://charts.example.com',
            chart: 'web',
            targetRevision: '1.2.0',
            helm: { valueFiles: ['$values/envs/prod/values.yaml'] },
          },
          { repoURL: repoUrl, targetRevision: 'main', ref: 'values' },
        ],
        {
          sync: { status: 'OutOfSync', revisions: ['1.2.0', shas.merge] },
          health: { status: 'Healthy' },
          operationState: {
            phase: 'Succeeded',
            operation: { sync: { revisions: ['1.2.0', shas.merge] } },
            startedAt: at(6),
            finishedAt: at(6),
            syncResult: {
              revision: '1.2.0',
              revisions: ['1.2.0', shas.merge],
            },
          },
          history: [
            {
              id: 1,
              revision: '1.2.0',
              revisions: ['1.2.0', shas.merge],
              deployedAt: at(6),
            },
          ],
        },
      ),
    );
    // Live edits only: Argo compared HEAD, nothing on search's inputs since.
    await env.apply(
      argoApp(
        'search-production',
        'search',
        { repoURL: repoUrl, path: 'apps/search', targetRevision: 'main' },
        synced(shas.search, at(4), {
          sync: { status: 'OutOfSync', revision: shas.stagingValues },
          resources: [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: 'search',
              name: 'search',
              status: 'OutOfSync',
            },
          ],
        }),
      ),
    );
    // A hostile resource beside good ones: a repository that may not be read.
    await env.apply(
      argoApp(
        'checkout-elsewhere',
        'checkout',
        {
          repoURL: 'https://evil.example.com/x/y.git',
          path: 'apps/x',
          targetRevision: 'main',
        },
        synced(shas.search, at(4)),
      ),
    );

    // Flux: a Kustomization whose controller keeps no status.history, and
    // one built from an OCI artifact with only an origin revision.
    const gitRepository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'truth', namespace: ns },
      spec: { interval: '1m', url: repoUrl, ref: { branch: 'main' } },
    };
    await env.apply(gitRepository);
    await env.setStatus({
      ...gitRepository,
      status: {
        artifact: {
          revision: `main@sha1:${shas.stagingValues}`,
          path: 'x',
          url: 'http://source-controller/x.tar.gz',
          digest: `sha256:${'a'.repeat(64)}`,
          lastUpdateTime: at(8),
        },
      },
    });
    const fluxStaging = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'checkout-staging-flux',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'checkout-flux' },
      },
      spec: {
        interval: '5m',
        prune: true,
        path: './apps/checkout/overlays/staging',
        sourceRef: { kind: 'GitRepository', name: 'truth' },
      },
    };
    await env.apply(fluxStaging);
    await env.setStatus({
      ...fluxStaging,
      status: {
        lastAppliedRevision: `main@sha1:${shas.search}`,
        lastAttemptedRevision: `main@sha1:${shas.search}`,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ReconciliationSucceeded',
            message: `Applied revision: main@sha1:${shas.search}`,
            lastTransitionTime: at(4),
          },
        ],
      },
    });
    const ociRepository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'checkout-oci', namespace: ns },
      spec: {
        interval: '5m',
        url: 'oci://registry.example.com/checkout',
        ref: { tag: 'latest' },
      },
    };
    await env.apply(ociRepository);
    const digest = `sha256:${'b'.repeat(64)}`;
    await env.setStatus({
      ...ociRepository,
      status: {
        artifact: {
          revision: `latest@${digest}`,
          path: 'x',
          url: 'http://source-controller/oci.tar.gz',
          digest,
          lastUpdateTime: at(8),
        },
      },
    });
    const fluxOci = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'checkout-oci',
        namespace: ns,
        labels: { 'backstage.io/kubernetes-id': 'checkout-flux' },
      },
      spec: {
        interval: '5m',
        prune: true,
        path: './',
        sourceRef: { kind: 'OCIRepository', name: 'checkout-oci' },
      },
    };
    await env.apply(fluxOci);
    await env.setStatus({
      ...fluxOci,
      status: {
        lastAppliedRevision: `latest@${digest}`,
        lastAppliedOriginRevision: `main@sha1:${shas.search}`,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ReconciliationSucceeded',
            message: 'Applied',
            lastTransitionTime: at(5),
          },
        ],
      },
    });

    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: [
            component('checkout', 'checkout'),
            component('web', 'web'),
            component('search', 'search'),
            component('checkout-flux', 'checkout-flux'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [
                {
                  name: 'prod-eu',
                  url: env.server,
                  token: env.adminToken,
                  caData: Buffer.from(env.caPem).toString('base64'),
                  environment: 'production',
                },
              ],
              git: {
                allowedHosts: [new URL(git.url).host],
                fetchIntervalSeconds: 1,
                cacheDir: fs.mkdtempSync(
                  path.join(os.tmpdir(), 'gitops-truth-'),
                ),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it('shows a base change pending in production and not in staging after staging deployed it', async () => {
    const production = await until(
      'checkout',
      'checkout-production',
      d => d.pendingCommits.length > 0,
    );
    expect(production.pendingCommits.map(c => c.sha)).toEqual([
      shas.merge,
      shas.base,
    ]);
    expect(production.drift.state).toBe('behind');
    expect(production.source?.renderInputs?.paths).toEqual(
      expect.arrayContaining([
        'apps/checkout/overlays/production',
        'apps/checkout/base',
      ]),
    );
    const staging = (await byName('checkout', 'checkout-staging'))!;
    expect(staging.pendingCommits).toEqual([]);
    expect(staging.drift.state).toBe('in-sync');
    // Staging's headline is the base change it runs, not the search commit.
    expect(staging.deployedRevision).toBe(shas.search);
    expect(staging.lastChange).toMatchObject({
      sha: shas.base,
      message: 'checkout: image 1.1 in the base',
    });
  });

  it('names the last change as the headline when the deployed commit is about another app', async () => {
    const production = await until(
      'checkout',
      'checkout-production',
      d => d.lastChange !== undefined,
    );
    expect(production.deployedRevision).toBe(shas.inventory);
    expect(production.deployedCommit?.message).toBe('inventory: scale staging');
    expect(production.lastChange).toMatchObject({
      sha: shas.init,
      message: 'checkout: base and overlays',
    });
    expect(production.sources[0].lastChange?.sha).toBe(shas.init);
    expect(production.history[0].commit?.sha).toBe(shas.init);
  });

  it('counts the Helm value file of a ref source, and not the other environment', async () => {
    const web = await until(
      'web',
      'web-production',
      d => d.pendingCommits.length > 0,
    );
    expect(web.pendingCommits.map(c => [c.sha, c.sourceIndex])).toEqual([
      [shas.values, 1],
    ]);
    expect(web.sources[1].renderInputs?.paths).toEqual([
      'envs/prod/values.yaml',
    ]);
    expect(web.drift.state).toBe('behind');
  });

  it('gives no outside-the-path reason for a live-only drift', async () => {
    const search = await until(
      'search',
      'search-production',
      d => d.drift.state !== 'unknown',
    );
    expect(search.drift.state).toBe('out-of-sync');
    expect(search.drift.reasons.map(r => r.code)).not.toContain(
      'changed-outside-path',
    );
    expect(search.lastChange?.sha).toBe(shas.search);
  });

  it('keeps the other deployments whole beside one whose repository may not be read', async () => {
    const bad = await until('checkout', 'checkout-elsewhere', () => true);
    expect(bad.problem).toMatchObject({ code: 'repository-not-allowed' });
    expect(bad.problem?.message).toMatch(/evil\.example\.com/);
    // Every cluster-side field is still there.
    expect(bad).toMatchObject({
      deployedRevision: shas.search,
      health: 'Healthy',
      syncStatus: 'Synced',
    });
    const all = await answer('checkout');
    expect(all.deployments.map(d => d.name).sort()).toEqual([
      'checkout-elsewhere',
      'checkout-production',
      'checkout-staging',
    ]);
  });

  it('uses one first-parent rule in pending and history: the merge, titled by its PR, with its commits', async () => {
    const before = await until(
      'checkout',
      'checkout-production',
      d => d.pendingCommits.length > 0,
    );
    const merge = before.pendingCommits[0];
    expect(merge.sha).toBe(shas.merge);
    expect(merge.pullRequest?.number).toBe(21);
    expect(merge.mergedCommits?.map(c => c.sha)).toEqual([
      shas.branch2,
      shas.branch1,
    ]);
    // The branch commits themselves are not listed as pending.
    expect(before.pendingCommits.map(c => c.sha)).not.toContain(shas.branch1);

    const app = await env.get<any>({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'checkout-production', namespace: ns },
    });
    delete app.metadata.managedFields;
    app.status = {
      ...app.status,
      sync: { status: 'Synced', revision: shas.merge },
      operationState: {
        ...app.status.operationState,
        operation: { sync: { revision: shas.merge } },
        syncResult: { revision: shas.merge },
        finishedAt: '2026-11-06T12:00:00Z',
      },
      history: [
        ...app.status.history,
        { id: 2, revision: shas.merge, deployedAt: '2026-11-06T12:00:00Z' },
      ],
    };
    await env.apply(app);
    const after = await until(
      'checkout',
      'checkout-production',
      d => d.deployedRevision === shas.merge,
    );
    expect(after.pendingCommits.map(c => c.sha)).toEqual([]);
    const newest = after.history.find(h => h.revision === shas.merge)!;
    expect(newest.commit).toMatchObject({
      sha: merge.sha,
      message: merge.message,
      author: merge.author,
    });
    expect(after.lastChange?.sha).toBe(shas.merge);
  });

  it('falls back to the last applied revision for a Kustomization without status.history', async () => {
    const ks = await until(
      'checkout-flux',
      'checkout-staging-flux',
      d => d.history.length > 0,
    );
    expect(ks.history).toEqual([
      expect.objectContaining({
        revision: shas.search,
        deployedAt: '2026-11-04T12:00:00Z',
        commit: expect.objectContaining({ sha: shas.base }),
      }),
    ]);
    expect(ks.lastChange?.sha).toBe(shas.base);
    expect(ks.pendingCommits).toEqual([]);
  });

  it('leaves unknown fields of an OCI origin commit out rather than sending them empty', async () => {
    const oci = await until('checkout-flux', 'checkout-oci', d =>
      Boolean(d.deployedCommit),
    );
    expect(oci.deployedCommit).toEqual({ sha: shas.search });
  });

  it('brings a pushed base change into the open answer by the periodic fetch, with no request', async () => {
    const repo = git.repository('acme/truth')!;
    const pushed = await repo.commit({
      message: 'checkout: image 1.2 in the base',
      files: { 'apps/checkout/base/deployment.yaml': 'image: checkout:1.2\n' },
    });
    const started = Date.now();
    const staging = await until('checkout', 'checkout-staging', d =>
      d.pendingCommits.some(c => c.sha === pushed),
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(staging.drift.state).toBe('behind');
    expect(staging.desiredRevision).toBe(pushed);

    // Staging's auto-sync deploys it: pending empties there, stays in
    // production (the demo's sequence in issue 10 §2).
    await env.setStatus(
      argoApp(
        'checkout-staging',
        'checkout',
        {
          repoURL: repoUrl,
          path: 'apps/checkout/overlays/staging',
          targetRevision: 'main',
        },
        synced(pushed, new Date().toISOString()),
      ),
    );
    const deployed = await until(
      'checkout',
      'checkout-staging',
      d => d.deployedRevision === pushed && d.pendingCommits.length === 0,
    );
    expect(deployed.drift.state).toBe('in-sync');
    expect(deployed.lastChange?.sha).toBe(pushed);
    const production = await until('checkout', 'checkout-production', d =>
      d.pendingCommits.some(c => c.sha === pushed),
    );
    expect(production.drift.state).toBe('behind');
  });

  it('shows a base change staging deployed before the index fetched it as deployed, not pending', async () => {
    const repo = git.repository('acme/truth')!;
    const pushed = await repo.commit({
      message: 'checkout: memory limit in the base',
      files: { 'apps/checkout/base/deployment.yaml': 'image: checkout:1.3\n' },
    });
    // The cluster runs it at once, before any periodic fetch of ours.
    await env.setStatus(
      argoApp(
        'checkout-staging',
        'checkout',
        {
          repoURL: repoUrl,
          path: 'apps/checkout/overlays/staging',
          targetRevision: 'main',
        },
        synced(pushed, new Date().toISOString()),
      ),
    );
    const staging = await until(
      'checkout',
      'checkout-staging',
      d => d.deployedRevision === pushed && d.pendingCommits.length === 0,
    );
    expect(staging.drift.state).toBe('in-sync');
    const production = await until('checkout', 'checkout-production', d =>
      d.pendingCommits.some(c => c.sha === pushed),
    );
    expect(production.pendingCommits[0].sha).toBe(pushed);
  });
});
