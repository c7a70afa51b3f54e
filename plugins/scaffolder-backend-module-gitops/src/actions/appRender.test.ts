import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { startTestEnvironment, TestEnvironment } from '@gitops-console/testkit';
import { parseAllDocuments } from 'yaml';
import { kubectl, serverDryRun } from '../__testUtils__/kubectl';
import { exampleSteps } from '../__testUtils__/runExamples';
import { listFiles, runAction } from '../__testUtils__/runAction';
import { createAppRenderAction } from './appRender';
import { examples } from './appRender.examples';

jest.setTimeout(120_000);

const config = new ConfigReader({
  gitops: {
    clusters: [
      { name: 'stg', url: 'https://127.0.0.1:1', environment: 'staging' },
      { name: 'prd', url: 'https://127.0.0.1:2', environment: 'production' },
    ],
    scaffolder: { defaultRepoUrl: 'https://github.com/acme/deployments' },
  },
});

const input = {
  name: 'inventory',
  owner: 'group:default/storefront',
  system: 'system:default/storefront',
  cdTool: 'argocd',
  image: 'ghcr.io/acme/inventory:1.0.0',
  port: 8080,
  replicas: { production: 3 },
  imageTags: { staging: '1.1.0-rc.1' },
  ingressHost: 'inventory.example.com',
};

let kube: TestEnvironment;
const namespaces = ['argocd', 'flux-system', 'inventory', 'ledger'];

beforeAll(async () => {
  kube = await startTestEnvironment();
  for (const ns of namespaces) await kube.createNamespace(ns);
});
afterAll(async () => {
  await kube?.stop();
});

const read = (root: string, file: string) =>
  fs.readFile(path.join(root, file), 'utf8');
const docs = (text: string) => parseAllDocuments(text).map(d => d.toJS());

/** Every overlay rendered by kustomize, and every CD object, through dryRun=All. */
async function dryRunAll(
  root: string,
  files: string[],
  cdFolder = 'clusters/',
) {
  const applied: string[] = [];
  for (const file of files.filter(f =>
    /overlays\/[^/]+\/kustomization\.yaml$/.test(f),
  )) {
    const rendered = await kubectl([
      'kustomize',
      path.join(root, path.dirname(file)),
    ]);
    applied.push(
      ...(await serverDryRun(kube.kubeconfigPath, rendered)).trim().split('\n'),
    );
  }
  for (const file of files.filter(f => f.startsWith(cdFolder))) {
    applied.push(
      ...(await serverDryRun(kube.kubeconfigPath, await read(root, file)))
        .trim()
        .split('\n'),
    );
  }
  return applied;
}

describe('gitops:app:render', () => {
  it('renders a kustomize app for Argo CD that the API server accepts (dryRun=All)', async () => {
    const { workspacePath, outputs } = await runAction(
      createAppRenderAction({ config }),
      input,
    );
    const files = await listFiles(workspacePath);
    expect(files).toEqual([
      'apps/inventory/base/deployment.yaml',
      'apps/inventory/base/ingress.yaml',
      'apps/inventory/base/kustomization.yaml',
      'apps/inventory/base/service.yaml',
      'apps/inventory/catalog-info.yaml',
      'apps/inventory/overlays/production/kustomization.yaml',
      'apps/inventory/overlays/staging/kustomization.yaml',
      'clusters/production/inventory.yaml',
      'clusters/staging/inventory.yaml',
    ]);
    expect(outputs.files).toEqual(files);
    expect(outputs).toMatchObject({
      appPath: 'apps/inventory',
      catalogInfoPath: 'apps/inventory/catalog-info.yaml',
      entityRef: 'component:default/inventory',
      repoUrl: 'https://github.com/acme/deployments',
    });

    const applied = await dryRunAll(workspacePath, files);
    expect(applied.sort()).toEqual(
      [
        'application.argoproj.io/inventory-production',
        'application.argoproj.io/inventory-staging',
        'deployment.apps/inventory',
        'deployment.apps/inventory',
        'ingress.networking.k8s.io/inventory',
        'ingress.networking.k8s.io/inventory',
        'service/inventory',
        'service/inventory',
      ].sort(),
    );
    // Nothing was stored.
    expect(
      await kube.get({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'inventory-staging', namespace: 'argocd' },
      }),
    ).toBeUndefined();

    // Each overlay sets its environment's replicas and image tag.
    for (const [env, replicas, image] of [
      ['staging', 1, 'ghcr.io/acme/inventory:1.1.0-rc.1'],
      ['production', 3, 'ghcr.io/acme/inventory:1.0.0'],
    ] as const) {
      const out = docs(
        await kubectl([
          'kustomize',
          path.join(workspacePath, `apps/inventory/overlays/${env}`),
        ]),
      );
      const deployment = out.find(o => o.kind === 'Deployment');
      expect(deployment.metadata.namespace).toBe('inventory');
      expect(deployment.spec.replicas).toBe(replicas);
      expect(deployment.spec.template.spec.containers[0].image).toBe(image);
      expect(deployment.metadata.labels.environment).toBe(env);
    }

    const [app] = docs(
      await read(workspacePath, 'clusters/staging/inventory.yaml'),
    );
    expect(app).toMatchObject({
      kind: 'Application',
      metadata: {
        name: 'inventory-staging',
        namespace: 'argocd',
        labels: {
          'backstage.io/kubernetes-id': 'inventory',
          environment: 'staging',
        },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://github.com/acme/deployments',
          path: 'apps/inventory/overlays/staging',
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'inventory',
        },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    const [entity] = docs(
      await read(workspacePath, 'apps/inventory/catalog-info.yaml'),
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'inventory',
        annotations: {
          'argocd/app-name': 'inventory-staging,inventory-production',
          'argocd/app-namespace': 'argocd',
          'gitops.backstage.io/environments': 'staging,production',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/storefront',
        system: 'system:default/storefront',
      },
    });
  });

  it('renders Flux Kustomizations with a GitRepository, or with the configured source, at the configured layout', async () => {
    const fluxConfig = (sources: object[]) =>
      new ConfigReader({
        gitops: {
          scaffolder: {
            environments: ['staging', 'production'],
            layout: {
              appPath: 'teams/{{name}}',
              cdObjectsPath: 'fleet/{{environment}}/apps',
            },
            flux: { sources },
          },
        },
      });
    const fluxInput = {
      ...input,
      name: 'ledger',
      cdTool: 'flux',
      ingressHost: undefined,
      imageTags: undefined,
      repoUrl: 'http://git.example.com/acme/fleet.git',
    };
    const fresh = await runAction(
      createAppRenderAction({ config: fluxConfig([]) }),
      fluxInput,
    );
    const files = await listFiles(fresh.workspacePath);
    expect(files).toContain('fleet/staging/apps/ledger.yaml');
    expect(files).toContain(
      'teams/ledger/overlays/production/kustomization.yaml',
    );
    expect(files).not.toContain('teams/ledger/base/ingress.yaml');
    const objects = docs(
      await read(fresh.workspacePath, 'fleet/production/apps/ledger.yaml'),
    );
    expect(objects.map(o => o.kind)).toEqual([
      'GitRepository',
      'Kustomization',
    ]);
    expect(objects[0].spec).toEqual({
      interval: '1m',
      url: 'http://git.example.com/acme/fleet.git',
      ref: { branch: 'main' },
    });
    expect(objects[1]).toMatchObject({
      metadata: {
        name: 'ledger-production',
        namespace: 'flux-system',
        labels: { 'backstage.io/kubernetes-id': 'ledger' },
      },
      spec: {
        path: './teams/ledger/overlays/production',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'ledger' },
        targetNamespace: 'ledger',
      },
    });
    const [entity] = docs(
      await read(fresh.workspacePath, 'teams/ledger/catalog-info.yaml'),
    );
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'ledger',
      'backstage.io/kubernetes-namespace': 'flux-system',
      'gitops.backstage.io/environments': 'staging,production',
    });
    const applied = await dryRunAll(fresh.workspacePath, files, 'fleet/');
    expect(applied.sort()).toEqual([
      'deployment.apps/ledger',
      'deployment.apps/ledger',
      'gitrepository.source.toolkit.fluxcd.io/ledger',
      'gitrepository.source.toolkit.fluxcd.io/ledger',
      'kustomization.kustomize.toolkit.fluxcd.io/ledger-production',
      'kustomization.kustomize.toolkit.fluxcd.io/ledger-staging',
      'service/ledger',
      'service/ledger',
    ]);

    const known = await runAction(
      createAppRenderAction({
        config: fluxConfig([
          { url: 'http://git.example.com/acme/fleet', name: 'fleet' },
        ]),
      }),
      fluxInput,
    );
    const only = docs(
      await read(known.workspacePath, 'fleet/staging/apps/ledger.yaml'),
    );
    expect(only.map(o => o.kind)).toEqual(['Kustomization']);
    expect(only[0].spec.sourceRef).toEqual({
      kind: 'GitRepository',
      name: 'fleet',
    });
  });

  it("takes the CD tool's default repository when the template's field is empty", async () => {
    const perTool = new ConfigReader({
      gitops: {
        scaffolder: {
          defaultRepoUrl: 'https://git.example.com/all.git',
          defaultRepoUrls: { flux: 'https://git.example.com/fleet.git' },
        },
      },
    });
    const action = createAppRenderAction({ config: perTool });
    const flux = await runAction(action, {
      ...input,
      cdTool: 'flux',
      repoUrl: '',
      system: '',
    });
    expect(flux.outputs.repoUrl).toBe('https://git.example.com/fleet.git');
    const [entity] = docs(
      await read(flux.workspacePath, 'apps/inventory/catalog-info.yaml'),
    );
    expect(entity.spec.system).toBeUndefined();
    const argo = await runAction(action, { ...input, repoUrl: '' });
    expect(argo.outputs.repoUrl).toBe('https://git.example.com/all.git');
    await expect(
      runAction(createAppRenderAction({ config: new ConfigReader({}) }), {
        ...input,
        repoUrl: '',
      }),
    ).rejects.toThrow(
      'repoUrl: no repository given, and neither gitops.scaffolder.defaultRepoUrls.argocd nor gitops.scaffolder.defaultRepoUrl is set',
    );
  });

  it.each(exampleSteps(examples, 'gitops:app:render'))(
    'example "$description" renders manifests the API server accepts',
    async ({ input: exampleInput }) => {
      const { workspacePath, outputs } = await runAction(
        createAppRenderAction({ config }),
        exampleInput,
      );
      const root = path.join(workspacePath, exampleInput.targetPath ?? '.');
      const files = await listFiles(root);
      expect(files).toEqual(outputs.files);
      const applied = await dryRunAll(root, files);
      // Per environment: Deployment, Service, (Ingress), and the CD object(s).
      expect(applied.length).toBeGreaterThanOrEqual(2 * 3);
    },
  );

  describe('refuses bad input and writes nothing', () => {
    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      [
        'a name that is no DNS label',
        { name: 'Inventory_Service' },
        /name: 'Inventory_Service' is not a DNS label/,
      ],
      [
        'a name over 63 characters',
        { name: 'a'.repeat(64) },
        /name: '.*' is 64 characters; at most 63/,
      ],
      [
        'a name too long for its Application names',
        { name: 'a'.repeat(60) },
        /name: 'a+-staging' is 68 characters; at most 63/,
      ],
      [
        'an unknown environment',
        { environments: ['staging', 'qa'] },
        /environments: unknown environment 'qa'; the known ones are staging, production/,
      ],
      [
        'an image without a tag',
        { image: 'ghcr.io/acme/inventory' },
        /image: image 'ghcr.io\/acme\/inventory' has no tag/,
      ],
      [
        'an image with only a registry port',
        { image: 'registry:5000/inventory' },
        /has no tag/,
      ],
      ['a port out of range', { port: 70000 }, /port: 70000 is out of range/],
      ['a port of zero', { port: 0 }, /port: 0 is out of range/],
      [
        'replicas of an environment not chosen',
        { replicas: { qa: 2 } },
        /replicas: 'qa' is not one of the chosen environments/,
      ],
      [
        'a target path outside the workspace',
        { targetPath: '../escape' },
        /outside/i,
      ],
    ];
    it.each(refused)('%s', async (_, change, message) => {
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'gitops-bad-'),
      );
      await expect(
        runAction(
          createAppRenderAction({ config }),
          { ...input, ...change },
          { workspacePath },
        ),
      ).rejects.toThrow(message);
      expect(await listFiles(workspacePath)).toEqual([]);
    });

    it('a repository outside the allow-list, checked before anything is written', async () => {
      const workspacePath = await fs.mkdtemp(
        path.join(os.tmpdir(), 'gitops-bad-'),
      );
      const writer = {
        checkRepository: async (url: string) => {
          throw new Error(`repository host of ${url} is not allowed`);
        },
      };
      await expect(
        runAction(
          createAppRenderAction({ config, writer }),
          { ...input, repoUrl: 'https://evil.example/x/y' },
          { workspacePath },
        ),
      ).rejects.toThrow(
        'repoUrl: repository host of https://evil.example/x/y is not allowed',
      );
      expect(await listFiles(workspacePath)).toEqual([]);
    });
  });
});
