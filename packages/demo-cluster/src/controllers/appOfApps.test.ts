import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { DemoCluster, startDemoCluster } from '../startDemoCluster';
import { pushCommit } from '../__testUtils__/gitPush';
import { eventually } from '../__testUtils__/kubeClient';
import { Cluster } from '../store/cluster';
import { KubeObject } from '../store/kubeObject';

jest.setTimeout(90_000);

const TRACKING = 'argocd.argoproj.io/tracking-id';

/** An Application as the gitops-app template writes it into clusters/<env>. */
const application = (name: string, overlay: string, namespace = name) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name,
    namespace: 'argocd',
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    project: 'default',
    source: { repoURL: 'REPO', path: overlay, targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
});

const kustomization = (name: string, overlay: string) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: {
    name,
    namespace: 'flux-system',
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    interval: '5m',
    path: `./${overlay}`,
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'payments-fleet' },
    targetNamespace: name,
  },
});

describe('root apps (app of apps, cluster Kustomization)', () => {
  let demo: DemoCluster;
  let dataDir: string;
  let staging: Cluster;
  let production: Cluster;
  let storefrontUrl: string;
  let fleetUrl: string;

  const find = (cluster: Cluster, kind: string, ns: string, name: string) =>
    cluster.store.get(
      `${cluster.typeOfKind(kind).group}/${cluster.typeOfKind(kind).plural}`,
      ns,
      name,
    ) as KubeObject | undefined;
  const writeYaml = (tree: string, file: string, doc: unknown) => {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(
      path.join(tree, file),
      yaml.dump(doc).replace('REPO', storefrontUrl),
    );
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-app-of-apps-'));
    demo = await startDemoCluster({ dataDir, stepMs: 100, pollMs: 300 });
    staging = demo.clusters.get('staging')!;
    production = demo.clusters.get('production')!;
    storefrontUrl = `${demo.gitUrl}/storefront-deploy.git`;
    fleetUrl = `${demo.gitUrl}/payments-fleet.git`;
  });

  afterAll(async () => {
    await demo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds a root app per environment, each over clusters/<env>', () => {
    for (const [env, cluster] of [
      ['staging', staging],
      ['production', production],
    ] as const) {
      const root = find(cluster, 'Application', 'argocd', 'storefront-apps')!;
      expect((root.spec as any).source.path).toBe(`clusters/${env}`);
      expect((root.status as any).sync.status).toBe('Synced');
      const flux = find(
        cluster,
        'Kustomization',
        'flux-system',
        'flux-system',
      )!;
      expect((flux.spec as any).path).toBe(`./clusters/${env}`);
      expect((flux.status as any).conditions[0]).toMatchObject({
        type: 'Ready',
        status: 'True',
      });
    }
  });

  it('Argo CD: creates on commit, updates, leaves seeded apps alone, prunes on delete', async () => {
    const seededInventory = structuredClone(
      find(staging, 'Application', 'argocd', 'inventory-staging')!,
    );
    const added = await pushCommit(storefrontUrl, 'Add shop', tree => {
      writeYaml(
        tree,
        'clusters/staging/shop.yaml',
        application('shop-staging', 'apps/inventory/overlays/staging', 'shop'),
      );
      // Same name as a seeded Application: not created by the root app.
      writeYaml(
        tree,
        'clusters/staging/inventory.yaml',
        application('inventory-staging', 'apps/checkout/overlays/staging'),
      );
    });
    const shop = await eventually(
      async () => {
        const app = find(staging, 'Application', 'argocd', 'shop-staging');
        const status = app?.status as any;
        return status?.sync?.status === 'Synced' &&
          status?.sync?.revision === added &&
          status?.health?.status === 'Healthy'
          ? app
          : undefined;
      },
      { timeoutMs: 20_000, what: 'shop-staging created and Synced' },
    );
    expect(shop!.metadata.annotations![TRACKING]).toBe(
      'storefront-apps:argoproj.io/Application:argocd/shop-staging',
    );
    expect((shop!.status as any).operationState.syncResult.revision).toBe(
      added,
    );
    // Only the environment whose folder holds it.
    expect(find(production, 'Application', 'argocd', 'shop-staging')).toBe(
      undefined,
    );
    const inventory = find(
      staging,
      'Application',
      'argocd',
      'inventory-staging',
    )!;
    expect(inventory.spec).toEqual(seededInventory.spec);
    expect(inventory.metadata.annotations?.[TRACKING]).toBe(undefined);

    await pushCommit(storefrontUrl, 'Move shop', tree =>
      writeYaml(
        tree,
        'clusters/staging/shop.yaml',
        application('shop-staging', 'apps/inventory/overlays/staging', 'shop2'),
      ),
    );
    await eventually(
      async () =>
        (find(staging, 'Application', 'argocd', 'shop-staging')?.spec as any)
          ?.destination?.namespace === 'shop2'
          ? true
          : undefined,
      { timeoutMs: 20_000, what: 'shop-staging updated from Git' },
    );

    await pushCommit(storefrontUrl, 'Remove shop and the copy', tree => {
      fs.rmSync(path.join(tree, 'clusters/staging/shop.yaml'));
      fs.rmSync(path.join(tree, 'clusters/staging/inventory.yaml'));
    });
    await eventually(
      async () =>
        find(staging, 'Application', 'argocd', 'shop-staging')
          ? undefined
          : true,
      { timeoutMs: 20_000, what: 'shop-staging pruned' },
    );
    // The seeded one stays, though Git no longer holds its copy.
    expect(
      find(staging, 'Application', 'argocd', 'inventory-staging')!.spec,
    ).toEqual(seededInventory.spec);
  });

  it('Flux: creates on commit, updates, leaves seeded objects alone, prunes on delete', async () => {
    const seeded = structuredClone(
      find(staging, 'Kustomization', 'flux-system', 'payments-api')!,
    );
    const added = await pushCommit(fleetUrl, 'Add ledger', tree =>
      writeYaml(
        tree,
        'clusters/staging/ledger.yaml',
        kustomization('ledger-staging', 'apps/payments-api/staging'),
      ),
    );
    const ledger = await eventually(
      async () => {
        const k = find(
          staging,
          'Kustomization',
          'flux-system',
          'ledger-staging',
        );
        const status = k?.status as any;
        return status?.lastAppliedRevision === `main@sha1:${added}` &&
          status.conditions?.find((c: any) => c.type === 'Ready')?.status ===
            'True'
          ? k
          : undefined;
      },
      { timeoutMs: 20_000, what: 'ledger-staging created and Ready' },
    );
    expect(ledger!.metadata.labels).toMatchObject({
      'kustomize.toolkit.fluxcd.io/name': 'flux-system',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    expect((ledger!.status as any).inventory.entries.length).toBeGreaterThan(0);
    expect(
      find(production, 'Kustomization', 'flux-system', 'ledger-staging'),
    ).toBe(undefined);
    // clusters/staging/payments-api.yaml names the seeded Kustomization.
    const paymentsApi = find(
      staging,
      'Kustomization',
      'flux-system',
      'payments-api',
    )!;
    expect(paymentsApi.spec).toEqual(seeded.spec);
    expect(paymentsApi.metadata.labels).toEqual(seeded.metadata.labels);

    await pushCommit(fleetUrl, 'Ledger every minute', tree => {
      const doc = kustomization('ledger-staging', 'apps/payments-api/staging');
      doc.spec.interval = '1m';
      writeYaml(tree, 'clusters/staging/ledger.yaml', doc);
    });
    await eventually(
      async () =>
        (
          find(staging, 'Kustomization', 'flux-system', 'ledger-staging')
            ?.spec as any
        )?.interval === '1m'
          ? true
          : undefined,
      { timeoutMs: 20_000, what: 'ledger-staging updated from Git' },
    );

    await pushCommit(fleetUrl, 'Remove ledger and payments-api', tree => {
      fs.rmSync(path.join(tree, 'clusters/staging/ledger.yaml'));
      fs.rmSync(path.join(tree, 'clusters/staging/payments-api.yaml'));
    });
    await eventually(
      async () =>
        find(staging, 'Kustomization', 'flux-system', 'ledger-staging')
          ? undefined
          : true,
      { timeoutMs: 20_000, what: 'ledger-staging pruned' },
    );
    // Not created by the root Kustomization: not pruned either.
    expect(
      find(staging, 'Kustomization', 'flux-system', 'payments-api'),
    ).toBeDefined();
  });
});
