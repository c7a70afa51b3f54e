import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  OFFICIAL_CRDS_DIR,
  startTestEnvironment,
  waitFor,
  type TestEnvironment,
} from '@gitops-console/testkit';
import { ClusterIndex, type ClusterChange } from './ClusterIndex';
import { clusterFor, closedPort } from './__testUtils__/testClusters';

jest.setTimeout(180_000);

const SHA = '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a';

function application(namespace: string, name: string, revision: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace,
      labels: { 'backstage.io/kubernetes-id': 'inventory' },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/acme/deploy.git',
        path: 'apps/inventory',
        targetRevision: 'main',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace },
    },
    status: {
      sync: { status: 'Synced', revision },
      health: { status: 'Healthy' },
    },
  };
}

function waitForChange(
  index: ClusterIndex,
  match: (c: ClusterChange) => boolean,
): Promise<ClusterChange> {
  return new Promise(resolve => {
    const off = index.onChange(change => {
      if (match(change)) {
        off();
        resolve(change);
      }
    });
  });
}

describe('ClusterIndex against a real kube-apiserver', () => {
  let env: TestEnvironment;
  let namespace: string;

  beforeAll(async () => {
    env = await startTestEnvironment();
    namespace = await env.createNamespace();
    await env.apply(application(namespace, 'inventory-staging', SHA));
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('lists existing CRs, then sees a status change through its watch', async () => {
    const index = new ClusterIndex({
      clusters: [clusterFor(env, 'staging')],
      logger: mockServices.logger.mock(),
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      const listed = index.get(
        'staging',
        'argocd-application',
        namespace,
        'inventory-staging',
      );
      expect(listed?.status?.sync?.revision).toBe(SHA);
      expect(index.status('staging')).toMatchObject({
        reachable: true,
        synced: true,
        kinds: {
          'argocd-application': 'watching',
          'flux-kustomization': 'watching',
          'flux-helmrelease': 'watching',
        },
      });

      const changed = waitForChange(
        index,
        c => c.name === 'inventory-staging' && c.type === 'MODIFIED',
      );
      const started = Date.now();
      const app = application(namespace, 'inventory-staging', SHA);
      app.status.sync.status = 'OutOfSync';
      await env.apply(app);
      await changed;
      const latency = Date.now() - started;
      expect(latency).toBeLessThan(2000);
      expect(
        index.get(
          'staging',
          'argocd-application',
          namespace,
          'inventory-staging',
        )?.status?.sync?.status,
      ).toBe('OutOfSync');
    } finally {
      await index.stop();
    }
  });

  it('reports 403 for a token limited to one namespace, and keeps other clusters', async () => {
    const limited = await env.createServiceAccountToken(
      [
        {
          apiGroups: ['argoproj.io'],
          resources: ['applications'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      { namespace },
    );
    const index = new ClusterIndex({
      clusters: [
        clusterFor(env, 'limited', limited.token),
        clusterFor(env, 'admin'),
      ],
      logger: mockServices.logger.mock(),
      watcher: { backoff: { initialMs: 100, maxMs: 1000 } },
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      const status = index.status('limited')!;
      expect(status.kinds['argocd-application']).toBe('forbidden');
      expect(status.errorCode).toBe(403);
      expect(status.lastError?.message).toMatch(/^403 forbidden/);
      expect(status.reachable).toBe(true);
      expect(index.objects('argocd-application', 'limited')).toEqual([]);
      expect(
        index.objects('argocd-application', 'admin').length,
      ).toBeGreaterThan(0);
    } finally {
      await index.stop();
    }
  });

  it('marks an unreachable cluster without touching the others', async () => {
    const down = {
      ...clusterFor(env, 'down'),
      url: `https://127.0.0.1:${await closedPort()}`,
    };
    const index = new ClusterIndex({
      clusters: [down, clusterFor(env, 'up')],
      logger: mockServices.logger.mock(),
      watcher: { backoff: { initialMs: 100, maxMs: 1000 } },
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      expect(index.status('down')).toMatchObject({ reachable: false });
      expect(index.status('down')?.lastError?.message).toMatch(
        /connection refused \(ECONNREFUSED/,
      );
      expect(index.status('up')).toMatchObject({ reachable: true });
    } finally {
      await index.stop();
    }
  });

  it('notes a kind whose CRD is absent once, without retrying in a loop', async () => {
    const argoOnly = await startTestEnvironment({
      crds: [path.join(OFFICIAL_CRDS_DIR, 'argo-cd', 'application-crd.yaml')],
    });
    const logger = mockServices.logger.mock();
    const index = new ClusterIndex({
      clusters: [clusterFor(argoOnly, 'argo-only')],
      logger,
      watcher: {
        backoff: { initialMs: 50, maxMs: 100 },
        absentRecheckMs: 60_000,
      },
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      await new Promise(r => setTimeout(r, 500));
      const status = index.status('argo-only')!;
      expect(status.kinds['argocd-application']).toBe('watching');
      expect(status.kinds['flux-kustomization']).toBe('absent');
      expect(status.reachable).toBe(true);
      const notes = logger.info.mock.calls.filter(([m]) =>
        String(m).includes('Kustomization'),
      );
      expect(notes).toHaveLength(1);
    } finally {
      await index.stop();
      await argoOnly.stop();
    }
  });

  it('resumes watching within 10 s after the apiserver is stopped and started again', async () => {
    const index = new ClusterIndex({
      clusters: [clusterFor(env, 'restarting')],
      logger: mockServices.logger.mock(),
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      await env.restart();
      const restarted = Date.now();
      await waitFor(
        'every watch of the restarted cluster to list again',
        async () =>
          Object.values(index.status('restarting')!.kinds).every(
            phase => phase === 'watching',
          ) && index.status('restarting')!.reachable,
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      expect(Date.now() - restarted).toBeLessThan(10_000);
      const changed = waitForChange(index, c => c.name === 'after-restart');
      await env.apply(application(namespace, 'after-restart', SHA));
      await changed;
      expect(
        index.get(
          'restarting',
          'argocd-application',
          namespace,
          'after-restart',
        ),
      ).toBeDefined();
    } finally {
      await index.stop();
    }
  });

  it('keeps a quiet healthy cluster reachable through many watch re-opens', async () => {
    const index = new ClusterIndex({
      clusters: [{ ...clusterFor(env, 'quiet'), watchTimeoutSeconds: 2 }],
      logger: mockServices.logger.mock(),
    });
    const seen: boolean[] = [];
    index.onStatusChange(c => seen.push(index.status(c)!.reachable));
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      const before = index.status('quiet')!.requests;
      // Silent for half the 2 s bound, the cluster is probed; silent
      // watches are re-opened after the bound plus a request deadline. So
      // 15 more requests means several bounds of silence have passed.
      await waitFor(
        'fifteen more probes and watch re-opens',
        async () => index.status('quiet')!.requests >= before + 15,
        { timeoutMs: 30_000 },
      );
      expect(seen).not.toContain(false);
      expect(index.status('quiet')).toMatchObject({ reachable: true });
    } finally {
      await index.stop();
    }
  });

  it('reports a hung (SIGSTOPped) apiserver unreachable within watchTimeoutSeconds, keeps its objects, and recovers within 10 s of SIGCONT', async () => {
    const index = new ClusterIndex({
      clusters: [{ ...clusterFor(env, 'hung'), watchTimeoutSeconds: 3 }],
      logger: mockServices.logger.mock(),
    });
    const events: Array<{ reachable: boolean; at: number }> = [];
    index.onStatusChange(c =>
      events.push({ reachable: index.status(c)!.reachable, at: Date.now() }),
    );
    index.start();
    let paused = false;
    try {
      await index.waitUntilSynced(30_000);
      expect(index.status('hung')!.reachable).toBe(true);

      env.pause();
      paused = true;
      const pausedAt = Date.now();
      await waitFor(
        'the hung cluster to be reported unreachable',
        async () => events.some(e => !e.reachable),
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      const reported = events.find(e => !e.reachable)!;
      // The bound is 3 s of silence; the check runs every 0.5 s.
      expect(reported.at - pausedAt).toBeLessThanOrEqual(3_800);
      const status = index.status('hung')!;
      expect(status.reachable).toBe(false);
      // Found by the liveness probe ("no event or bookmark for 3 s"), or by
      // a watch re-open that timed out first; both name the cause.
      expect(status.lastError?.message).toMatch(
        /^(no event or bookmark for 3 s|watch \/apis\/.+: no answer within 2 s): the API server does not answer$/,
      );
      // The last state is kept while the cluster hangs.
      expect(
        index.get('hung', 'argocd-application', namespace, 'inventory-staging')
          ?.status?.sync?.revision,
      ).toBe(SHA);

      env.resume();
      paused = false;
      const resumedAt = Date.now();
      await waitFor(
        'the cluster to be reachable and listed again',
        async () =>
          events.at(-1)!.reachable &&
          Object.values(index.status('hung')!.kinds).every(
            phase => phase === 'watching',
          ),
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      expect(events.at(-1)!.at - resumedAt).toBeLessThan(10_000);
      expect(index.status('hung')!.lastError).toBeUndefined();

      // And the watch works again.
      const changed = waitForChange(index, c => c.name === 'after-hang');
      await env.apply(application(namespace, 'after-hang', SHA));
      await changed;
    } finally {
      if (paused) env.resume();
      await index.stop();
    }
  });

  describe('with gitops.clusters[].namespaces', () => {
    let listed: string[];
    let outside: string;

    beforeAll(async () => {
      listed = [await env.createNamespace(), await env.createNamespace()];
      outside = await env.createNamespace();
      for (const ns of [...listed, outside]) {
        await env.apply(application(ns, `app-${ns}`, SHA));
      }
    });

    it('reads only the listed namespaces: an outside resource is never listed nor watched', async () => {
      const index = new ClusterIndex({
        clusters: [{ ...clusterFor(env, 'restricted'), namespaces: listed }],
        logger: mockServices.logger.mock(),
      });
      const changes: ClusterChange[] = [];
      index.onChange(c => changes.push(c));
      index.start();
      try {
        await index.waitUntilSynced(30_000);
        const names = index
          .objects('argocd-application', 'restricted')
          .map(o => o.object.metadata.name)
          .sort();
        expect(names).toEqual(listed.map(ns => `app-${ns}`).sort());
        expect(
          index.get(
            'restricted',
            'argocd-application',
            outside,
            `app-${outside}`,
          ),
        ).toBeUndefined();
        expect(index.status('restricted')).toMatchObject({
          reachable: true,
          namespaces: listed,
        });

        // A change outside, then one inside: only the inside one arrives.
        await env.apply(application(outside, 'late-outside', SHA));
        const inside = waitForChange(index, c => c.name === 'late-inside');
        await env.apply(application(listed[1], 'late-inside', SHA));
        await inside;
        expect(changes.map(c => c.namespace)).not.toContain(outside);
        expect(
          index.get(
            'restricted',
            'argocd-application',
            listed[1],
            'late-inside',
          ),
        ).toBeDefined();
      } finally {
        await index.stop();
      }
    });

    it('works with a token whose Roles cover only the listed namespaces', async () => {
      const rules = [
        {
          apiGroups: [
            'argoproj.io',
            'kustomize.toolkit.fluxcd.io',
            'helm.toolkit.fluxcd.io',
            'source.toolkit.fluxcd.io',
          ],
          resources: [
            'applications',
            'kustomizations',
            'helmreleases',
            'gitrepositories',
            'ocirepositories',
          ],
          verbs: ['get', 'list', 'watch'],
        },
      ];
      const identity = await env.createServiceAccountToken(rules, {
        namespace: listed[0],
      });
      // The same rules in the second listed namespace, bound to the same account.
      const name = `gitops-reader-${identity.name}`;
      await env.apply({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: listed[1] },
        rules,
      });
      await env.apply({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: listed[1] },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [
          {
            kind: 'ServiceAccount',
            name: identity.name,
            namespace: identity.namespace,
          },
        ],
      });

      const index = new ClusterIndex({
        clusters: [
          {
            ...clusterFor(env, 'per-namespace', identity.token),
            namespaces: listed,
          },
          // The same token cluster-wide is refused: the Roles are enough
          // only because the watches are per namespace.
          clusterFor(env, 'cluster-wide', identity.token),
        ],
        logger: mockServices.logger.mock(),
      });
      index.start();
      try {
        await waitFor(
          'the namespaced watches to list (RBAC bindings apply within seconds)',
          async () =>
            Object.values(index.status('per-namespace')!.kinds).every(
              phase => phase === 'watching',
            ),
          { timeoutMs: 30_000, intervalMs: 100 },
        );
        const status = index.status('per-namespace')!;
        expect(status).toMatchObject({ reachable: true });
        expect(status.errorCode).toBeUndefined();
        expect(
          index
            .objects('argocd-application', 'per-namespace')
            .map(o => o.object.metadata.namespace),
        ).toEqual(expect.arrayContaining(listed));
        await index.waitUntilSynced(30_000);
        expect(index.status('cluster-wide')).toMatchObject({
          errorCode: 403,
          kinds: { 'argocd-application': 'forbidden' },
        });
      } finally {
        await index.stop();
      }
    });
  });
});
