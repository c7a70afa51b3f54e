import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { startTestEnvironment } from '@gitops-console/testkit';
import { serverDryRun } from '../__testUtils__/kubectl';
import { runAction } from '../__testUtils__/runAction';
import { exampleSteps } from '../__testUtils__/runExamples';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { examples } from './createArgoCdApplication.examples';

describe('gitops:argocd:create-application', () => {
  let workspacePath: string;

  beforeEach(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-action-'));
  });
  afterEach(async () => {
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  const input = {
    name: 'inventory-staging',
    kubernetesId: 'inventory',
    repoUrl: 'https://github.com/acme/deployments',
    path: 'apps/inventory/staging',
    targetRevision: 'main',
    destinationNamespace: 'inventory',
    destinationServer: 'https://kubernetes.default.svc',
    namespace: 'argocd',
    project: 'default',
    autoSync: true,
  };

  it('writes a labelled, auto-synced Application manifest', async () => {
    const ctx = createMockActionContext({ input, workspacePath });
    await createArgoCdApplicationAction().handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith(
      'manifestPath',
      'argocd/inventory-staging.yaml',
    );
    const manifest = parse(
      await fs.readFile(
        path.join(workspacePath, 'argocd/inventory-staging.yaml'),
        'utf8',
      ),
    );
    expect(manifest).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'inventory-staging',
        namespace: 'argocd',
        labels: { 'backstage.io/kubernetes-id': 'inventory' },
      },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://github.com/acme/deployments',
          path: 'apps/inventory/staging',
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'inventory',
        },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  });

  it('leaves out the sync policy for manual sync', async () => {
    const ctx = createMockActionContext({
      input: { ...input, autoSync: false, outputPath: 'deploy/app.yaml' },
      workspacePath,
    });
    await createArgoCdApplicationAction().handler(ctx);
    const manifest = parse(
      await fs.readFile(path.join(workspacePath, 'deploy/app.yaml'), 'utf8'),
    );
    expect(manifest.spec.syncPolicy).toBeUndefined();
  });

  it('refuses an output path outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { ...input, outputPath: '../escape.yaml' },
      workspacePath,
    });
    await expect(createArgoCdApplicationAction().handler(ctx)).rejects.toThrow(
      /outside/i,
    );
  });
});

describe('gitops:argocd:create-application as the runner calls it', () => {
  it.each(exampleSteps(examples, 'gitops:argocd:create-application'))(
    'example "$description" writes an Application the API server accepts (dryRun=All), with the defaults applied',
    async ({ input }) => {
      const { workspacePath, outputs } = await runAction(
        createArgoCdApplicationAction(),
        input,
      );
      const file = path.join(workspacePath, outputs.manifestPath as string);
      const manifest = parse(await fs.readFile(file, 'utf8'));
      expect(manifest.metadata.namespace).toBe('argocd');
      expect(manifest.spec).toMatchObject({
        project: 'default',
        source: { targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      });
      const kube = await startTestEnvironment();
      try {
        await kube.createNamespace('argocd');
        expect(
          await serverDryRun(
            kube.kubeconfigPath,
            await fs.readFile(file, 'utf8'),
          ),
        ).toBe(`application.argoproj.io/${input.name}\n`);
      } finally {
        await kube.stop();
      }
    },
    120_000,
  );
});
