import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import { KubeApiError } from './kubeRestClient';
import { startTestEnvironment, TestEnvironment } from './testEnvironment';

// Start-up compiles nothing but still launches etcd and kube-apiserver on a
// shared two-core machine; give it room.
jest.setTimeout(180_000);

const REPO = 'http://127.0.0.1:1/acme/deployments.git';
const SHA = '5f3c1f7a6b1e0d4c2a9b8e7f6d5c4b3a2918a7b6';

function argoApplication(namespace: string, name: string) {
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
      source: { repoURL: REPO, path: 'apps/inventory', targetRevision: 'main' },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'inventory',
      },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** A status as Argo CD 3.x writes it after a successful automated sync. */
function syncedStatus(revision: string) {
  const source = {
    repoURL: REPO,
    path: 'apps/inventory',
    targetRevision: 'main',
  };
  return {
    sync: {
      status: 'Synced',
      revision,
      comparedTo: {
        source,
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'inventory',
        },
      },
    },
    health: { status: 'Healthy', lastTransitionTime: '2024-05-01T10:01:10Z' },
    operationState: {
      operation: {
        sync: { revision, syncStrategy: { hook: {} } },
        initiatedBy: { automated: true },
        retry: { limit: 5 },
      },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2024-05-01T10:00:58Z',
      finishedAt: '2024-05-01T10:01:02Z',
      syncResult: {
        revision,
        source,
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: 'inventory',
            name: 'inventory',
            status: 'Synced',
            message: 'deployment.apps/inventory configured',
            hookPhase: 'Running',
            syncPhase: 'Sync',
          },
        ],
      },
    },
    history: [
      {
        id: 0,
        revision,
        source,
        deployStartedAt: '2024-05-01T10:00:58Z',
        deployedAt: '2024-05-01T10:01:02Z',
        initiatedBy: { automated: true },
      },
    ],
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'inventory',
        name: 'inventory',
        status: 'Synced',
        health: { status: 'Healthy' },
      },
    ],
    reconciledAt: '2024-05-01T10:01:10Z',
    sourceType: 'Directory',
    summary: { images: ['registry.example.com/inventory:1.4.2'] },
    controllerNamespace: 'argocd',
  };
}

/** Collects watch events until `until` says stop (or the timeout passes). */
async function watchUntil(
  kc: KubeConfig,
  path: string,
  resourceVersion: string,
  until: (events: Array<{ type: string; object: any }>) => boolean,
  timeoutMs = 30_000,
) {
  const events: Array<{ type: string; object: any }> = [];
  let controller: AbortController | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching watch event in ${timeoutMs} ms: ${JSON.stringify(
                events.map(e => e.type),
              )}`,
            ),
          ),
        timeoutMs,
      );
      new Watch(kc)
        .watch(
          path,
          { resourceVersion, allowWatchBookmarks: true },
          (type, object) => {
            events.push({ type, object });
            if (until(events)) {
              clearTimeout(timer);
              resolve();
            }
          },
          error => {
            if (error && error.name !== 'AbortError') {
              clearTimeout(timer);
              reject(error);
            }
          },
        )
        .then(c => {
          controller = c;
        }, reject);
    });
  } finally {
    controller?.abort();
  }
  return events;
}

describe('startTestEnvironment (real kube-apiserver + etcd)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await startTestEnvironment();
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('starts quickly enough and serves the official CRDs', async () => {
    // Logged rather than asserted tightly: the machine is shared.
    console.info(`test environment started in ${env.startupMs} ms`);
    expect(env.startupMs).toBeLessThan(60_000);
    const crds = [
      'applications.argoproj.io',
      'appprojects.argoproj.io',
      'kustomizations.kustomize.toolkit.fluxcd.io',
      'helmreleases.helm.toolkit.fluxcd.io',
      'gitrepositories.source.toolkit.fluxcd.io',
      'ocirepositories.source.toolkit.fluxcd.io',
    ];
    for (const name of crds) {
      const crd = await env.get<any>({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name },
      });
      expect(crd?.status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
        ]),
      );
    }
  });

  it('writes an Argo CD Application status with the object itself, as Argo CD does', async () => {
    const namespace = await env.createNamespace();
    await env.apply(argoApplication(namespace, 'inventory'));
    // A user asks for a sync: `operation` goes on the object.
    await env.apply({
      ...argoApplication(namespace, 'inventory'),
      operation: {
        sync: { revision: 'main' },
        initiatedBy: { username: 'alice' },
      },
    });
    const status = syncedStatus(SHA);
    const written = await env.setStatus({
      ...argoApplication(namespace, 'inventory'),
      status,
      operation: null,
    });

    const api = env.kubeConfig.makeApiClient(CustomObjectsApi);
    const read: any = await api.getNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace,
      plural: 'applications',
      name: 'inventory',
    });
    // Nothing was pruned: every field is part of the CRD's schema.
    expect(read.status).toEqual(status);
    expect(read.operation).toBeUndefined();
    expect(written.metadata.resourceVersion).toBe(
      read.metadata.resourceVersion,
    );
    // The user's spec survived the controller's write and vice versa.
    expect(read.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
    });
    await env.apply(argoApplication(namespace, 'inventory'));
    expect(
      (await env.get<any>(argoApplication(namespace, 'inventory')))!.status,
    ).toEqual(status);
  });

  it('lists and watches Applications with a token limited to one namespace, and gets 403 elsewhere', async () => {
    const allowed = await env.createNamespace();
    const other = await env.createNamespace();
    await env.apply(argoApplication(allowed, 'inventory'));
    await env.apply(argoApplication(other, 'billing'));
    const reader = await env.createServiceAccountToken(
      [
        {
          apiGroups: ['argoproj.io'],
          resources: ['applications'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      { namespace: allowed },
    );
    expect(reader.username).toBe(
      `system:serviceaccount:${allowed}:${reader.name}`,
    );
    const api = reader.kubeConfig.makeApiClient(CustomObjectsApi);

    const list: any = await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: allowed,
      plural: 'applications',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['inventory']);

    const denied = api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: other,
      plural: 'applications',
    });
    await expect(denied).rejects.toBeInstanceOf(ApiException);
    await expect(denied).rejects.toMatchObject({ code: 403 });

    const watched = watchUntil(
      reader.kubeConfig,
      `/apis/argoproj.io/v1alpha1/namespaces/${allowed}/applications`,
      list.metadata.resourceVersion,
      events =>
        events.some(
          e =>
            e.type === 'MODIFIED' && e.object.status?.sync?.status === 'Synced',
        ),
    );
    await new Promise(r => setTimeout(r, 300));
    await env.setStatus({
      ...argoApplication(allowed, 'inventory'),
      status: syncedStatus(SHA),
    });
    const events = await watched;
    expect(
      events
        .filter(e => e.type !== 'BOOKMARK')
        .map(e => e.object.metadata.name),
    ).toEqual(['inventory']);

    // Watching the other namespace is refused as well.
    await expect(
      watchUntil(
        reader.kubeConfig,
        `/apis/argoproj.io/v1alpha1/namespaces/${other}/applications`,
        '0',
        () => true,
        10_000,
      ),
    ).rejects.toThrow(/403|Forbidden/);
  });

  it('delivers a Flux Kustomization status change through a watch (status subresource)', async () => {
    const namespace = await env.createNamespace();
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'inventory', namespace },
      spec: {
        interval: '5m',
        path: './apps/inventory',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'deployments' },
      },
    };
    const created = await env.apply(kustomization);
    // Status sent with the object is dropped: the kind has a status subresource.
    const ignored = await env.apply({
      ...kustomization,
      status: { lastAppliedRevision: 'main@sha1:ignored' },
    });
    expect(ignored.status?.lastAppliedRevision).toBeUndefined();

    const watched = watchUntil(
      env.kubeConfig,
      `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${namespace}/kustomizations`,
      created.metadata.resourceVersion,
      events =>
        events.some(
          e => e.object.status?.lastAppliedRevision === `main@sha1:${SHA}`,
        ),
    );
    await new Promise(r => setTimeout(r, 300));
    await env.setStatus({
      ...kustomization,
      status: {
        observedGeneration: 1,
        lastAppliedRevision: `main@sha1:${SHA}`,
        lastAttemptedRevision: `main@sha1:${SHA}`,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'ReconciliationSucceeded',
            message: `Applied revision: main@sha1:${SHA}`,
            lastTransitionTime: '2024-05-01T10:01:02Z',
            observedGeneration: 1,
          },
        ],
      },
    });
    const events = await watched;
    const last = events[events.length - 1];
    expect(last.type).toBe('MODIFIED');
    expect(last.object.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
    });
  });

  it('rejects custom resources that violate their CRD schema', async () => {
    const namespace = await env.createNamespace();
    const api = env.kubeConfig.makeApiClient(CustomObjectsApi);
    // interval must be a duration string, prune a boolean; sourceRef is required.
    const create = api.createNamespacedCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      namespace,
      plural: 'kustomizations',
      body: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'broken', namespace },
        spec: { interval: 5, prune: 'yes' },
      },
    });
    await expect(create).rejects.toMatchObject({ code: 422 });
    const body = JSON.parse(
      ((await create.catch(e => e)) as ApiException<string>).body,
    );
    expect(body.reason).toBe('Invalid');
    expect(body.details.causes.map((c: any) => c.field)).toEqual(
      expect.arrayContaining(['spec.interval', 'spec.prune', 'spec.sourceRef']),
    );

    // The same through apply(): a malformed duration and a missing sourceRef.
    const applied = env.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'broken', namespace },
      spec: { interval: 'five minutes', prune: true },
    });
    await expect(applied).rejects.toBeInstanceOf(KubeApiError);
    await expect(applied).rejects.toMatchObject({ statusCode: 422 });
    await expect(applied).rejects.toThrow(/spec.interval in body should match/);
    await expect(applied).rejects.toThrow(/spec.sourceRef: Required value/);

    const badApp: any = argoApplication(namespace, 'broken');
    delete badApp.spec.destination;
    badApp.spec.syncPolicy.retry = { limit: 'forever' };
    await expect(env.apply(badApp)).rejects.toThrow(/HTTP (422|500)/);
  });

  it('answers kubectl with the admin kubeconfig file', () => {
    const kubectl = spawnSync('kubectl', ['version', '--client'], {
      encoding: 'utf8',
    });
    if (kubectl.status !== 0) return; // kubectl is optional here; yarn testenv covers it.
    expect(fs.existsSync(env.kubeconfigPath)).toBe(true);
    const result = spawnSync(
      'kubectl',
      [
        '--kubeconfig',
        env.kubeconfigPath,
        'get',
        'crd',
        'applications.argoproj.io',
        '-o',
        'name',
      ],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(
      'customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io',
    );
  });

  it('pause() freezes the apiserver: connections open, nothing answers; resume() undoes it', async () => {
    let connected = false;
    const version = (timeoutMs: number) =>
      new Promise<string>((resolve, reject) => {
        const request = https.get(
          `${env.server}/version`,
          {
            ca: env.caPem,
            headers: { authorization: `Bearer ${env.adminToken}` },
            timeout: timeoutMs,
          },
          response => {
            response.resume();
            resolve(`HTTP ${response.statusCode}`);
          },
        );
        request.on('socket', socket =>
          socket.on('connect', () => (connected = true)),
        );
        request.on('timeout', () =>
          request.destroy(new Error(`no answer in ${timeoutMs} ms`)),
        );
        request.on('error', reject);
      });
    env.pause();
    try {
      await expect(version(1500)).rejects.toThrow('no answer in 1500 ms');
      expect(connected).toBe(true);
    } finally {
      env.resume();
    }
    expect(await version(10_000)).toBe('HTTP 200');
  });

  it('keeps objects across restart()', async () => {
    const namespace = await env.createNamespace();
    await env.apply(argoApplication(namespace, 'survivor'));
    await env.restart({ etcd: true });
    expect(await env.get(argoApplication(namespace, 'survivor'))).toBeDefined();
  });
});

describe('startTestEnvironment faults (killed apiserver, compacted etcd)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    // Lists and watches read etcd itself, not the apiserver's cache.
    env = await startTestEnvironment({
      crds: false,
      apiserverArgs: ['--watch-cache=false'],
    });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const list = (query: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      https
        .get(
          `${env.server}/api/v1/namespaces?${query}`,
          {
            ca: env.caPem,
            headers: { authorization: `Bearer ${env.adminToken}` },
            timeout: 10_000,
          },
          response => {
            let text = '';
            response.on('data', chunk => (text += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode!, body: JSON.parse(text) }),
            );
          },
        )
        .on('error', reject);
    });

  it('restart({ kill: true }) brings the apiserver back on its port with the objects', async () => {
    const namespace = await env.createNamespace();
    const server = env.server;
    await env.restart({ kill: true });
    expect(env.server).toBe(server);
    expect(
      await env.get({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace },
      }),
    ).toBeDefined();
  });

  it('compactEtcd() makes older resourceVersions 410 Gone', async () => {
    const before = (await list('limit=1')).body.metadata.resourceVersion;
    await env.createNamespace();
    const revision = await env.compactEtcd();
    expect(revision).toBeGreaterThan(Number(before));
    const old = await list(
      `resourceVersion=${before}&resourceVersionMatch=Exact`,
    );
    expect(old.status).toBe(410);
    expect(old.body.reason).toBe('Expired');
  });
});
