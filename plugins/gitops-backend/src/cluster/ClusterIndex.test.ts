import net from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  OFFICIAL_CRDS_DIR,
  startTestEnvironment,
  type TestEnvironment,
} from '@gitops-console/testkit';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { ClusterIndex, type ClusterChange } from './ClusterIndex';

jest.setTimeout(180_000);

const SHA = '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a';

function clusterFor(
  env: TestEnvironment,
  name: string,
  token = env.adminToken,
): GitOpsClusterConfig {
  return {
    name,
    url: env.server,
    token,
    caData: Buffer.from(env.caPem).toString('base64'),
    skipTLSVerify: false,
    configKey: `gitops.clusters[${name}]`,
  };
}

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

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
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

  it('resumes watching after the apiserver restarts', async () => {
    const index = new ClusterIndex({
      clusters: [clusterFor(env, 'restarting')],
      logger: mockServices.logger.mock(),
      watcher: { backoff: { initialMs: 100, maxMs: 1000 } },
    });
    index.start();
    try {
      await index.waitUntilSynced(30_000);
      await env.restart();
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
});
