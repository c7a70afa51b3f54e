import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  startTestEnvironment,
  waitFor,
  type PolicyRule,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { ClusterIndex } from '../cluster/ClusterIndex';
import { kubeConfigFor } from '../cluster/kubeConfigFor';
import { KubeHttp } from '../cluster/kubeHttp';
import type { WatchedKindId } from '../cluster/watchedKinds';
import { ClusterActionWriter } from './ClusterActionWriter';
import {
  ClusterActionConflictError,
  ClusterActionError,
  ClusterActionForbiddenError,
  ClusterActionNotFoundError,
  ClusterActionUnavailableError,
  ClusterActionUnfitError,
} from './errors';
import { toClusterActionError } from './toClusterActionError';
import type { ClusterActionRequest } from './types';
import {
  application,
  gitRepository,
  helmRelease,
  helmRepository,
  kustomization,
  ociRepository,
} from './__testUtils__/cdObjects';
import { clusterFor, closedPort } from '../cluster/__testUtils__/testClusters';

jest.setTimeout(180_000);

const SHA = '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a';
const NOW = new Date('2026-12-02T01:30:00.123Z');
const ALICE = 'user:default/alice';
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';

/** The typed error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<ClusterActionError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ClusterActionError);
  return error;
}

/** Everything of an error that could reach an answer or a log. */
function everythingOf(error: ClusterActionError): string {
  return JSON.stringify({
    ...error,
    message: error.message,
    stack: error.stack,
    cause: String((error as { cause?: unknown }).cause),
  });
}

describe('ClusterActionWriter against a real kube-apiserver', () => {
  let env: TestEnvironment;
  let ns: string;
  let index: ClusterIndex;
  let writer: ClusterActionWriter;
  const logger = mockServices.logger.mock();

  const req = (
    overrides: Partial<ClusterActionRequest> &
      Pick<ClusterActionRequest, 'kind' | 'name' | 'action'>,
  ): ClusterActionRequest => ({
    cluster: 'test',
    namespace: ns,
    username: ALICE,
    ...overrides,
  });

  /** Resolves once the watch (not the first list) shows what `seen` wants. */
  const watchSees = (
    kind: WatchedKindId,
    name: string,
    seen: (object: any) => boolean,
  ) =>
    waitFor(
      `the watch to see the change of ${kind} ${name}`,
      async () => {
        const object = index.get('test', kind, ns, name);
        return Boolean(object && seen(object));
      },
      { timeoutMs: 15_000, intervalMs: 25 },
    );

  beforeAll(async () => {
    env = await startTestEnvironment();
    ns = await env.createNamespace();
    const objects = [
      application(ns, 'shop'),
      application(ns, 'busy'),
      application(ns, 'fresh'),
      application(ns, 'guarded'),
      gitRepository(ns, 'deploy'),
      kustomization(ns, 'shop-ks', { kind: 'GitRepository', name: 'deploy' }),
      kustomization(ns, 'paused-ks', { kind: 'GitRepository', name: 'deploy' }),
      kustomization(ns, 'guarded-ks', {
        kind: 'GitRepository',
        name: 'deploy',
      }),
      kustomization(ns, 'orphan-ks', { kind: 'GitRepository', name: 'gone' }),
      ociRepository(ns, 'shop-chart'),
      helmRelease(ns, 'shop-oci', {
        chartRef: { kind: 'OCIRepository', name: 'shop-chart' },
      }),
      helmRepository(ns, 'charts'),
      helmRelease(ns, 'shop-helm', {
        sourceRef: { kind: 'HelmRepository', name: 'charts' },
      }),
    ];
    for (const object of objects) await env.apply(object);
    const admin = clusterFor(env, 'test', env.adminToken);
    index = new ClusterIndex({
      clusters: [admin],
      logger: mockServices.logger.mock(),
      // Annotations are not in the builders' projection; the whole object is.
      keepWholeObjects: true,
    });
    index.start();
    await index.waitUntilSynced(30_000);
    writer = new ClusterActionWriter({
      clusters: { clusters: [admin], source: 'gitops' },
      logger,
      clock: () => NOW,
    });
  });
  afterAll(async () => {
    await index?.stop();
    await env?.stop();
  });

  it('syncs an Application: operation.sync with the revision and the user, seen by the watch', async () => {
    expect(index.get('test', 'argocd-application', ns, 'shop')).toBeDefined();
    const result = await writer.apply(
      req({ kind: 'Application', name: 'shop', action: 'sync', revision: SHA }),
    );
    expect(result).toEqual({
      effect: `set operation.sync on Application ${ns}/shop (revision 4f1c2a9) for ${ALICE}`,
      patched: [{ kind: 'Application', namespace: ns, name: 'shop' }],
    });
    await watchSees(
      'argocd-application',
      'shop',
      app => app.operation?.sync?.revision === SHA,
    );
    expect(index.get('test', 'argocd-application', ns, 'shop')).toMatchObject({
      operation: {
        initiatedBy: { username: ALICE },
        info: [{ name: 'Initiated from', value: 'Backstage GitOps Console' }],
        sync: { revision: SHA },
      },
    });
  });

  it('refuses a second sync while the first operation is pending, and writes nothing (409)', async () => {
    await writer.apply(
      req({ kind: 'Application', name: 'busy', action: 'sync' }),
    );
    const before = await env.get<any>(application(ns, 'busy'));
    expect(before.operation.sync).toEqual({ revision: 'main' });
    const error = await failure(
      writer.apply(
        req({
          kind: 'Application',
          name: 'busy',
          action: 'sync',
          revision: SHA,
        }),
      ),
    );
    expect(error).toBeInstanceOf(ClusterActionConflictError);
    expect(error.statusCode).toBe(409);
    expect((error as ClusterActionConflictError).reason).toBe(
      'operation-in-progress',
    );
    expect(error.message).toContain(`initiated by ${ALICE}`);
    const after = await env.get<any>(application(ns, 'busy'));
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );

    // Once the controller is done (operation removed), a sync is taken again.
    await env.setStatus({ ...application(ns, 'busy'), operation: null } as any);
    await writer.apply(
      req({ kind: 'Application', name: 'busy', action: 'sync', revision: SHA }),
    );
    expect(
      (await env.get<any>(application(ns, 'busy'))).operation.sync,
    ).toEqual({
      revision: SHA,
    });
  });

  it('answers 409 when the object changed between read and patch (resourceVersion precondition)', async () => {
    // What the writer sends, with the resourceVersion it read before
    // someone else wrote: the apiserver refuses it.
    const stale = (await env.get<any>(application(ns, 'guarded'))).metadata
      .resourceVersion;
    await env.apply({
      ...application(ns, 'guarded'),
      metadata: { namespace: ns, name: 'guarded', labels: { touched: 'yes' } },
    });
    const http = new KubeHttp(() =>
      kubeConfigFor(clusterFor(env, 'test', env.adminToken)),
    );
    const raw = await http
      .mergePatchJson(
        `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/guarded`,
        { metadata: { resourceVersion: stale }, operation: { sync: {} } },
        5000,
      )
      .then(
        () => undefined,
        e => e,
      );
    const error = toClusterActionError(raw, {
      cluster: 'test',
      object: `Application ${ns}/guarded`,
      secrets: [env.adminToken],
    });
    expect(error).toBeInstanceOf(ClusterActionConflictError);
    expect((error as ClusterActionConflictError).reason).toBe(
      'changed-meanwhile',
    );
    expect(
      (await env.get<any>(application(ns, 'guarded'))).operation,
    ).toBeUndefined();
  });

  it('refreshes an Application with the annotation, seen by the watch', async () => {
    const result = await writer.apply(
      req({ kind: 'Application', name: 'fresh', action: 'refresh' }),
    );
    expect(result.patched).toEqual([
      { kind: 'Application', namespace: ns, name: 'fresh' },
    ]);
    await watchSees(
      'argocd-application',
      'fresh',
      app =>
        app.metadata.annotations?.['argocd.argoproj.io/refresh'] === 'normal',
    );
  });

  it('reconciles a Kustomization and its GitRepository, source first, both seen by the watch', async () => {
    const result = await writer.apply(
      req({ kind: 'Kustomization', name: 'shop-ks', action: 'reconcile' }),
    );
    expect(result.patched).toEqual([
      { kind: 'GitRepository', namespace: ns, name: 'deploy' },
      { kind: 'Kustomization', namespace: ns, name: 'shop-ks' },
    ]);
    expect(result.effect).toBe(
      `set annotation ${REQUESTED_AT}=2026-12-02T01:30:00.123Z on Kustomization ${ns}/shop-ks and on its source GitRepository ${ns}/deploy`,
    );
    const stamped = (o: any) =>
      o.metadata.annotations?.[REQUESTED_AT] === NOW.toISOString();
    await watchSees('flux-kustomization', 'shop-ks', stamped);
    await watchSees('flux-gitrepository', 'deploy', stamped);
  });

  it('reconciles a HelmRelease and its chartRef OCIRepository, and one and its chart template HelmRepository', async () => {
    const stamped = (o: any) =>
      o.metadata.annotations?.[REQUESTED_AT] === NOW.toISOString();
    const oci = await writer.apply(
      req({ kind: 'HelmRelease', name: 'shop-oci', action: 'reconcile' }),
    );
    expect(oci.patched.map(p => p.kind)).toEqual([
      'OCIRepository',
      'HelmRelease',
    ]);
    await watchSees('flux-helmrelease', 'shop-oci', stamped);
    await watchSees('flux-ocirepository', 'shop-chart', stamped);

    const helm = await writer.apply(
      req({ kind: 'HelmRelease', name: 'shop-helm', action: 'reconcile' }),
    );
    expect(helm.patched).toEqual([
      { kind: 'HelmRepository', namespace: ns, name: 'charts' },
      { kind: 'HelmRelease', namespace: ns, name: 'shop-helm' },
    ]);
    await watchSees('flux-helmrelease', 'shop-helm', stamped);
    // HelmRepository is not a watched kind: read it back.
    expect(stamped(await env.get(helmRepository(ns, 'charts')))).toBe(true);
  });

  it('suspends and resumes a Kustomization through spec.suspend, seen by the watch; a suspended one is not reconciled (409)', async () => {
    await writer.apply(
      req({ kind: 'Kustomization', name: 'paused-ks', action: 'suspend' }),
    );
    await watchSees(
      'flux-kustomization',
      'paused-ks',
      k => k.spec.suspend === true,
    );
    const refused = await failure(
      writer.apply(
        req({ kind: 'Kustomization', name: 'paused-ks', action: 'reconcile' }),
      ),
    );
    expect(refused).toBeInstanceOf(ClusterActionConflictError);
    expect((refused as ClusterActionConflictError).reason).toBe('suspended');
    const resumed = await writer.apply(
      req({ kind: 'Kustomization', name: 'paused-ks', action: 'resume' }),
    );
    expect(resumed.effect).toBe(
      `set spec.suspend=false on Kustomization ${ns}/paused-ks`,
    );
    await watchSees(
      'flux-kustomization',
      'paused-ks',
      k => k.spec.suspend === false,
    );
  });

  describe('refusals', () => {
    const READ_ONLY: PolicyRule[] = [
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
    ];

    it('gives ClusterActionForbiddenError with the cluster’s message for a read-only token, and writes nothing', async () => {
      const reader = await env.createServiceAccountToken(READ_ONLY, {
        namespace: ns,
      });
      const readOnly = new ClusterActionWriter({
        clusters: [clusterFor(env, 'test', reader.token)],
        logger,
      });
      const before = await env.get<any>(application(ns, 'guarded'));
      const error = await failure(
        readOnly.apply(
          req({ kind: 'Application', name: 'guarded', action: 'sync' }),
        ),
      );
      expect(error).toBeInstanceOf(ClusterActionForbiddenError);
      expect(error.statusCode).toBe(403);
      expect(error.message).toContain(`cluster 'test' refused: `);
      // The apiserver's own words: who may not do what where.
      expect(error.message).toContain(
        `User "${reader.username}" cannot patch resource "applications" in API group "argoproj.io" in the namespace "${ns}"`,
      );
      expect(everythingOf(error)).not.toContain(reader.token);
      const after = await env.get<any>(application(ns, 'guarded'));
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
    });

    it('writes nothing to a Kustomization when its source may not be patched', async () => {
      const partial = await env.createServiceAccountToken(
        [
          ...READ_ONLY,
          {
            apiGroups: ['kustomize.toolkit.fluxcd.io'],
            resources: ['kustomizations'],
            verbs: ['patch'],
          },
        ],
        { namespace: ns },
      );
      const error = await failure(
        new ClusterActionWriter({
          clusters: [clusterFor(env, 'test', partial.token)],
          logger,
        }).apply(
          req({
            kind: 'Kustomization',
            name: 'guarded-ks',
            action: 'reconcile',
          }),
        ),
      );
      expect(error).toBeInstanceOf(ClusterActionForbiddenError);
      expect(error.message).toContain(
        'cannot patch resource "gitrepositories"',
      );
      const ks = await env.get<any>(
        kustomization(ns, 'guarded-ks', {
          kind: 'GitRepository',
          name: 'deploy',
        }),
      );
      expect(ks.metadata.annotations?.[REQUESTED_AT]).toBeUndefined();
    });

    it('gives ClusterActionForbiddenError (401) for a token the cluster does not accept, without the token', async () => {
      const bogus = 'bogus-token-0123456789abcdef';
      const error = await failure(
        new ClusterActionWriter({
          clusters: [clusterFor(env, 'test', bogus)],
          logger,
        }).apply(req({ kind: 'Application', name: 'shop', action: 'refresh' })),
      );
      expect(error).toBeInstanceOf(ClusterActionForbiddenError);
      expect((error as ClusterActionForbiddenError).clusterStatus).toBe(401);
      expect(error.message).toMatch(
        /does not accept the backend's credentials/,
      );
      expect(everythingOf(error)).not.toContain(bogus);
    });

    it('gives ClusterActionNotFoundError for a missing CR, a missing source and an unknown cluster', async () => {
      const missing = await failure(
        writer.apply(
          req({ kind: 'Application', name: 'nope', action: 'sync' }),
        ),
      );
      expect(missing).toBeInstanceOf(ClusterActionNotFoundError);
      expect(missing.statusCode).toBe(404);
      expect(missing.message).toBe(
        `Application ${ns}/nope is not in cluster 'test': applications.argoproj.io "nope" not found`,
      );
      const orphan = await failure(
        writer.apply(
          req({
            kind: 'Kustomization',
            name: 'orphan-ks',
            action: 'reconcile',
          }),
        ),
      );
      expect(orphan).toBeInstanceOf(ClusterActionNotFoundError);
      expect(orphan.message).toContain(
        `GitRepository ${ns}/gone is not in cluster 'test'`,
      );
      expect(() =>
        writer.describe(
          req({
            cluster: 'elsewhere',
            kind: 'Application',
            name: 'shop',
            action: 'sync',
          }),
        ),
      ).toThrow(ClusterActionNotFoundError);
    });

    it('gives ClusterActionUnfitError for an action the kind does not take, before any request', async () => {
      const error = await failure(
        writer.apply(
          req({ kind: 'Kustomization', name: 'shop-ks', action: 'sync' }),
        ),
      );
      expect(error).toBeInstanceOf(ClusterActionUnfitError);
      expect(error.statusCode).toBe(422);
      expect(() =>
        writer.describe(
          req({ kind: 'HelmRelease', name: 'shop-oci', action: 'refresh' }),
        ),
      ).toThrow(ClusterActionUnfitError);
    });

    it('gives ClusterActionUnavailableError for a cluster that refuses connections', async () => {
      const down = new ClusterActionWriter({
        clusters: [
          {
            ...clusterFor(env, 'test', env.adminToken),
            url: `https://127.0.0.1:${await closedPort()}`,
          },
        ],
        logger,
      });
      const error = await failure(
        down.apply(
          req({ kind: 'Application', name: 'shop', action: 'refresh' }),
        ),
      );
      expect(error).toBeInstanceOf(ClusterActionUnavailableError);
      expect(error.statusCode).toBe(503);
      expect(error.message).toMatch(/unreachable: connection refused/);
      expect(everythingOf(error)).not.toContain(env.adminToken);
    });

    it('gives ClusterActionUnavailableError within the timeout for a cluster that hangs', async () => {
      const hung = new ClusterActionWriter({
        clusters: [clusterFor(env, 'test', env.adminToken)],
        logger,
        timeoutMs: 1500,
      });
      env.pause();
      try {
        const started = Date.now();
        const error = await failure(
          hung.apply(
            req({ kind: 'Application', name: 'shop', action: 'refresh' }),
          ),
        );
        const took = Date.now() - started;
        expect(error).toBeInstanceOf(ClusterActionUnavailableError);
        expect((error as ClusterActionUnavailableError).timeout).toBe(true);
        expect(error.message).toMatch(/did not answer in time/);
        expect(took).toBeGreaterThanOrEqual(1400);
        expect(took).toBeLessThan(4000);
      } finally {
        env.resume();
      }
    });

    it('reads a token file at each action (a rotated token is used at once), and names an unreadable one without its content', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-actions-'));
      try {
        const tokenFile = path.join(dir, 'token');
        fs.writeFileSync(tokenFile, 'stale-token-not-accepted\n');
        const { token: _token, ...admin } = clusterFor(env, 'test');
        const fromFile = new ClusterActionWriter({
          clusters: [{ ...admin, tokenFile }],
          logger,
        });
        const action = req({
          kind: 'Application',
          name: 'shop',
          action: 'refresh',
        });
        const refused = await failure(fromFile.apply(action));
        expect((refused as ClusterActionForbiddenError).clusterStatus).toBe(
          401,
        );
        fs.writeFileSync(tokenFile, `${env.adminToken}\n`);
        await expect(fromFile.apply(action)).resolves.toMatchObject({
          patched: [{ kind: 'Application', name: 'shop' }],
        });
        fs.rmSync(tokenFile);
        const unreadable = await failure(fromFile.apply(action));
        expect(unreadable).toBeInstanceOf(ClusterActionUnavailableError);
        expect(unreadable.message).toMatch(
          /^cluster 'test': the credentials cannot be read \(ENOENT/,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('never logs a token', () => {
      const logged = JSON.stringify([
        ...logger.info.mock.calls,
        ...logger.warn.mock.calls,
        ...logger.error.mock.calls,
      ]);
      expect(logger.warn).toHaveBeenCalled();
      expect(logged).not.toContain(env.adminToken);
      expect(logged).not.toContain('bogus-token-0123456789abcdef');
      expect(logged).not.toContain('stale-token-not-accepted');
    });
  });
});
