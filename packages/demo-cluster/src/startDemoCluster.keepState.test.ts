import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoCluster } from './startDemoCluster';
import { pushCommit, replaceIn } from './__testUtils__/gitPush';
import { eventually } from './__testUtils__/kubeClient';
import { runGit } from './git/runGit';

// Three demo starts (each seeds 30 days of delivery history); a loaded
// 2-core machine took 69 s for them.
jest.setTimeout(180_000);

describe('startDemoCluster with keepState', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-keep-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const inventoryStaging = (
    demo: Awaited<ReturnType<typeof startDemoCluster>>,
  ) => {
    const cluster = demo.clusters.get('staging')!;
    return cluster.get(
      cluster.typeOfKind('Application'),
      'argocd',
      'inventory-staging',
    ) as any;
  };
  const headOf = async (url: string) =>
    (
      await runGit(['ls-remote', url, 'refs/heads/main'], { cwd: os.tmpdir() })
    ).stdout.split('\t')[0];

  it('keeps repositories and cluster state across a restart, and starts clean without it', async () => {
    const first = await startDemoCluster({
      dataDir,
      keepState: true,
      stepMs: 100,
      pollMs: 500,
    });
    expect(first.keptState).toBe(false);
    const sha = await pushCommit(
      first.repositoryUrls[0],
      'inventory: release 2.15.0 to staging',
      dir =>
        replaceIn(
          dir,
          'apps/inventory/overlays/staging/kustomization.yaml',
          'newTag: 2.14.0',
          'newTag: 2.15.0',
        ),
    );
    await eventually(async () =>
      inventoryStaging(first).status.history.at(-1).revision === sha
        ? true
        : undefined,
    );
    await first.idle();
    const history = inventoryStaging(first).status.history;
    await first.stop();

    const second = await startDemoCluster({
      dataDir,
      keepState: true,
      stepMs: 100,
      pollMs: 500,
    });
    try {
      expect(second.keptState).toBe(true);
      expect(await headOf(second.repositoryUrls[0])).toBe(sha);
      const app = inventoryStaging(second);
      expect(app.status.history).toEqual(
        history.map((h: any) => ({
          ...h,
          source: { ...h.source, repoURL: second.repositoryUrls[0] },
        })),
      );
      expect(app.spec.source.repoURL).toBe(second.repositoryUrls[0]);
    } finally {
      await second.stop();
    }

    const fresh = await startDemoCluster({ dataDir, stepMs: 100 });
    try {
      expect(fresh.keptState).toBe(false);
      expect(await headOf(fresh.repositoryUrls[0])).not.toBe(sha);
      expect(
        inventoryStaging(fresh).status.history.some(
          (h: any) => h.revision === sha,
        ),
      ).toBe(false);
    } finally {
      await fresh.stop();
    }
  });
});
