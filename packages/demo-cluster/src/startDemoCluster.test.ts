import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { DemoCluster, startDemoCluster } from './startDemoCluster';
import { pushCommit, replaceIn } from './__testUtils__/gitPush';
import { eventually, kubeConfigFor } from './__testUtils__/kubeClient';
import { runGit } from './git/runGit';

jest.setTimeout(60_000);

const ARGO = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'applications',
};
const KUSTOMIZATIONS = {
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  plural: 'kustomizations',
};
const HELMRELEASES = {
  group: 'helm.toolkit.fluxcd.io',
  version: 'v2',
  plural: 'helmreleases',
};

describe('startDemoCluster', () => {
  let demo: DemoCluster;
  let dataDir: string;
  let staging: k8s.CustomObjectsApi;
  let production: k8s.CustomObjectsApi;

  const getApp = (api: k8s.CustomObjectsApi, name: string) =>
    api.getNamespacedCustomObject({
      ...ARGO,
      namespace: 'argocd',
      name,
    }) as Promise<any>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-test-'));
    demo = await startDemoCluster({ dataDir, stepMs: 200, pollMs: 500 });
    staging = kubeConfigFor(
      demo.clusterUrl('staging'),
      demo.token,
      demo.caCert,
    ).makeApiClient(k8s.CustomObjectsApi);
    production = kubeConfigFor(
      demo.clusterUrl('production'),
      demo.token,
      demo.caCert,
    ).makeApiClient(k8s.CustomObjectsApi);
  });

  afterAll(async () => {
    await demo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves each environment as its own cluster, with the demo catalog's apps", async () => {
    const apps = (await staging.listClusterCustomObject(ARGO)) as any;
    expect(apps.items.map((a: any) => a.metadata.name).sort()).toEqual([
      'catalog-search-staging',
      'checkout-staging',
      'inventory-staging',
      // Its repository is on the demo's GitHub (src/github).
      'reviews-staging',
      // The app of apps over clusters/staging.
      'storefront-apps',
    ]);
    const checkout = (await production.listClusterCustomObject({
      ...ARGO,
      labelSelector: 'app.kubernetes.io/part-of=checkout',
    })) as any;
    expect(checkout.items.map((a: any) => a.metadata.name)).toEqual([
      'checkout-production',
    ]);
    expect(checkout.items[0].spec.project).toBe('storefront');
  });

  it('starts with the scripted states', async () => {
    const behind = await getApp(production, 'checkout-production');
    expect(behind.spec.syncPolicy.automated).toBeUndefined();
    expect(behind.status.sync.status).toBe('OutOfSync');
    expect(behind.status.operationState.syncResult.revision).not.toBe(
      behind.status.sync.revision,
    );

    const drifted = await getApp(production, 'catalog-search-production');
    expect(drifted.status.sync.status).toBe('OutOfSync');
    // Later commits on main do not touch catalog-search: what makes it OutOfSync is the live drift.
    expect(
      drifted.status.resources.find((r: any) => r.kind === 'Service').status,
    ).toBe('Synced');
    expect(
      drifted.status.resources
        .filter((r: any) => r.status === 'OutOfSync')
        .map((r: any) => r.kind)
        .sort(),
    ).toEqual(['ConfigMap', 'Deployment']);

    const suspended = (await production.getNamespacedCustomObject({
      ...KUSTOMIZATIONS,
      namespace: 'flux-system',
      name: 'payments-api',
    })) as any;
    expect(suspended.spec.suspend).toBe(true);
    expect(suspended.status.lastAppliedRevision).toMatch(
      /^main@sha1:[0-9a-f]{40}$/,
    );

    const failing = (await production.getNamespacedCustomObject({
      ...HELMRELEASES,
      namespace: 'notifications',
      name: 'notifications',
    })) as any;
    const ready = failing.status.conditions.find(
      (c: any) => c.type === 'Ready',
    );
    expect(ready).toMatchObject({ status: 'False', reason: 'UpgradeFailed' });
    expect(failing.status.history[0]).toMatchObject({
      status: 'failed',
      chartVersion: '1.5.0',
    });
    expect(failing.status.history[1]).toMatchObject({
      status: 'deployed',
      chartVersion: '1.4.2',
    });
  });

  it('writes histories with pull request merges, authors and dates', async () => {
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-clone-'));
    try {
      await runGit(['clone', '--quiet', demo.repositoryUrls[0], clone], {
        cwd: os.tmpdir(),
      });
      const { stdout } = await runGit(['log', '--format=%an|%s', 'main'], {
        cwd: clone,
      });
      const lines = stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(15);
      expect(lines).toContain(
        'Priya Raman|Merge pull request #12 from acme-shop/search-timeouts',
      );
      expect(new Set(lines.map(l => l.split('|')[0])).size).toBeGreaterThan(4);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it('syncs an auto-synced Application to a pushed commit within 10 s, through OutOfSync and Progressing', async () => {
    const before = await getApp(staging, 'inventory-staging');
    const seen = new Set<string>();
    const watcher = await new k8s.Watch(
      kubeConfigFor(demo.clusterUrl('staging'), demo.token, demo.caCert),
    ).watch(
      '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
      {
        resourceVersion: before.metadata.resourceVersion,
        fieldSelector: 'metadata.name=inventory-staging',
      },
      (_type, app: any) =>
        seen.add(`${app.status.sync.status}/${app.status.health.status}`),
      () => undefined,
    );
    const pushedAt = Date.now();
    const sha = await pushCommit(
      demo.repositoryUrls[0],
      'inventory: release 2.15.0 to staging',
      dir =>
        replaceIn(
          dir,
          'apps/inventory/overlays/staging/kustomization.yaml',
          'newTag: 2.14.0',
          'newTag: 2.15.0',
        ),
    );
    const synced = await eventually(
      async () => {
        const app = await getApp(staging, 'inventory-staging');
        return app.status.sync.status === 'Synced' &&
          app.status.sync.revision === sha
          ? app
          : undefined;
      },
      {
        timeoutMs: 10_000,
        what: 'inventory-staging Synced at the pushed revision',
      },
    );
    const elapsed = Date.now() - pushedAt;
    watcher.abort();
    expect(elapsed).toBeLessThan(10_000);
    expect(synced.status.operationState).toMatchObject({
      phase: 'Succeeded',
      syncResult: { revision: sha },
    });
    expect(synced.status.history.length).toBe(before.status.history.length + 1);
    expect(
      synced.status.history[synced.status.history.length - 1],
    ).toMatchObject({ revision: sha });
    expect(seen).toContain('OutOfSync/Progressing');
    expect(seen).toContain('Synced/Progressing');
    // eslint-disable-next-line no-console
    console.log(`push → Synced in ${elapsed} ms (step 200 ms)`);
    await eventually(async () =>
      (await getApp(staging, 'inventory-staging')).status.health.status ===
      'Healthy'
        ? true
        : undefined,
    );

    // Production tracks the same branch, but nothing under its path changed: it stays Synced, with no new sync.
    const prod = await eventually(async () => {
      const app = await getApp(production, 'inventory-production');
      return app.status.sync.revision === sha ? app : undefined;
    });
    expect(prod.status.sync.status).toBe('Synced');
    expect(prod.status.operationState.syncResult.revision).not.toBe(sha);
  });

  it('runs a sync requested through `operation` on a manual-sync app', async () => {
    const app = await getApp(production, 'checkout-production');
    await production.patchNamespacedCustomObject(
      {
        ...ARGO,
        namespace: 'argocd',
        name: 'checkout-production',
        body: {
          operation: {
            sync: { revision: app.status.sync.revision },
            initiatedBy: { username: 'test' },
          },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const synced = await eventually(async () => {
      const current = await getApp(production, 'checkout-production');
      return current.status.sync.status === 'Synced' &&
        current.status.health.status === 'Healthy'
        ? current
        : undefined;
    });
    expect(synced.operation).toBeUndefined();
    expect(synced.status.operationState.operation.initiatedBy).toEqual({
      username: 'test',
    });
    expect(synced.status.history.length).toBe(app.status.history.length + 1);
  });

  it('keeps drift and failures in place while other things move', async () => {
    await demo.idle();
    const drifted = await getApp(production, 'catalog-search-production');
    expect(drifted.status.sync.status).toBe('OutOfSync');
    const failing = (await production.getNamespacedCustomObject({
      ...HELMRELEASES,
      namespace: 'notifications',
      name: 'notifications',
    })) as any;
    expect(failing.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'False',
    });
  });

  it('moves Flux Kustomizations to a pushed revision, except a suspended one', async () => {
    const suspendedBefore = (await production.getNamespacedCustomObject({
      ...KUSTOMIZATIONS,
      namespace: 'flux-system',
      name: 'payments-api',
    })) as any;
    const sha = await pushCommit(
      demo.repositoryUrls[1],
      'payments-api: release 5.3.1 to staging',
      dir =>
        replaceIn(
          dir,
          'apps/payments-api/staging/kustomization.yaml',
          'newTag: 5.3.0',
          'newTag: 5.3.1',
        ),
    );
    const applied = await eventually(async () => {
      const k = (await staging.getNamespacedCustomObject({
        ...KUSTOMIZATIONS,
        namespace: 'flux-system',
        name: 'payments-api',
      })) as any;
      return k.status.lastAppliedRevision === `main@sha1:${sha}`
        ? k
        : undefined;
    });
    expect(applied.status.lastAttemptedRevision).toBe(`main@sha1:${sha}`);
    expect(applied.status.conditions[0]).toMatchObject({
      type: 'Ready',
      status: 'True',
      message: `Applied revision: main@sha1:${sha}`,
    });
    await demo.idle();
    const suspendedAfter = (await production.getNamespacedCustomObject({
      ...KUSTOMIZATIONS,
      namespace: 'flux-system',
      name: 'payments-api',
    })) as any;
    expect(suspendedAfter.status).toEqual(suspendedBefore.status);
  });

  it('honours a Flux reconcile request and a resume', async () => {
    const requestedAt = new Date().toISOString();
    await production.patchNamespacedCustomObject(
      {
        ...KUSTOMIZATIONS,
        namespace: 'flux-system',
        name: 'payments-api',
        body: {
          metadata: {
            annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt },
          },
          spec: { suspend: false },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const head = (
      await runGit(['ls-remote', demo.repositoryUrls[1], 'refs/heads/main'], {
        cwd: os.tmpdir(),
      })
    ).stdout.split('\t')[0];
    const resumed = await eventually(async () => {
      const k = (await production.getNamespacedCustomObject({
        ...KUSTOMIZATIONS,
        namespace: 'flux-system',
        name: 'payments-api',
      })) as any;
      return k.status.lastHandledReconcileAt === requestedAt ? k : undefined;
    });
    expect(resumed.status.lastAppliedRevision).toBe(`main@sha1:${head}`);
    expect(resumed.status.observedGeneration).toBe(resumed.metadata.generation);
  });

  it('renders overlays with their base: a base change deploys to auto-synced staging and puts manual production OutOfSync', async () => {
    await demo.idle();
    const productionBefore = await getApp(production, 'checkout-production');
    const sha = await pushCommit(
      demo.repositoryUrls[0],
      'checkout: point the base at the new payments URL',
      dir =>
        replaceIn(
          dir,
          'apps/checkout/base/configmap.yaml',
          'PAYMENTS_URL: http://payments-api.payments',
          'PAYMENTS_URL: http://payments-api.payments.svc',
        ),
    );
    const deployed = await eventually(
      async () => {
        const app = await getApp(staging, 'checkout-staging');
        return app.status.sync.status === 'Synced' &&
          app.status.operationState?.syncResult?.revision === sha
          ? app
          : undefined;
      },
      { what: 'checkout-staging deployed at the base change' },
    );
    expect(deployed.status.history.at(-1)).toMatchObject({ revision: sha });

    const drifted = await eventually(
      async () => {
        const app = await getApp(production, 'checkout-production');
        return app.status.sync.revision === sha ? app : undefined;
      },
      { what: 'checkout-production compared at the base change' },
    );
    expect(drifted.status.sync.status).toBe('OutOfSync');
    expect(
      drifted.status.resources
        .filter((r: any) => r.status === 'OutOfSync')
        .map((r: any) => `${r.kind}/${r.name}`),
    ).toEqual(['ConfigMap/checkout-config']);
    // Manual sync: nothing was deployed to production.
    expect(drifted.status.operationState.syncResult.revision).toBe(
      productionBefore.status.operationState.syncResult.revision,
    );
    expect(drifted.status.history).toEqual(productionBefore.status.history);
  });
});
