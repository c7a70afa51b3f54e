import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { DemoCluster, startDemoCluster } from './startDemoCluster';
import { kubeConfigFor } from './__testUtils__/kubeClient';
import { runGit } from './git/runGit';
import { DELIVERY_HISTORY_FILE } from './deliveryHistoryFile';
import type {
  DemoActionRecord,
  DemoLedgerEvent,
} from './content/deliveryHistory';

jest.setTimeout(90_000);

const DAY = 86_400_000;

describe('the demo’s 30 days of delivery history', () => {
  let demo: DemoCluster;
  let dataDir: string;
  let bare: string;
  let file: { events: DemoLedgerEvent[]; actions: DemoActionRecord[] };
  const git = async (...args: string[]) =>
    (await runGit(args, { cwd: bare })).stdout.trim();
  const appOf = (env: 'staging' | 'production', name: string) =>
    kubeConfigFor(demo.clusterUrl(env), demo.token, demo.caCert)
      .makeApiClient(k8s.CustomObjectsApi)
      .getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'applications',
        namespace: 'argocd',
        name,
      }) as Promise<any>;
  const eventsOf = (app: string) =>
    file.events.filter(
      e => e.deployment === `argocd/argocd-application/${app}`,
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-history-test-'));
    demo = await startDemoCluster({ dataDir, stepMs: 200, pollMs: 500 });
    file = JSON.parse(
      fs.readFileSync(path.join(dataDir, DELIVERY_HISTORY_FILE), 'utf8'),
    );
    bare = path.join(dataDir, 'git', 'storefront-deploy.git');
  });

  afterAll(async () => {
    await demo?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('spans about 30 days of syncs of real, earlier commits', async () => {
    const times = file.events.map(e => Date.parse(e.occurredAt));
    expect(Date.now() - Math.min(...times)).toBeGreaterThan(29 * DAY);
    expect(Math.max(...times)).toBeLessThan(Date.now());
    for (const event of file.events.filter(e => e.transition === 'deployed')) {
      const committed =
        Number(await git('show', '-s', '--format=%ct', event.revisionAfter)) *
        1000;
      expect(committed).toBeLessThanOrEqual(Date.parse(event.occurredAt));
    }
  });

  it('gives checkout three failures that recover in each environment', () => {
    for (const app of ['checkout-staging', 'checkout-production']) {
      const drift = eventsOf(app).filter(e => e.transition === 'drift');
      const failing = drift.filter(e => e.driftAfter === 'failing');
      const restored = drift.filter(
        e => e.driftBefore !== undefined && e.driftAfter === 'in-sync',
      );
      expect(failing).toHaveLength(3);
      expect(restored).toHaveLength(3);
      expect(
        eventsOf(app).filter(e => e.transition === 'deployed').length,
      ).toBeGreaterThan(4);
    }
  });

  it('has the Applications’ Argo CD history agree with the ledger’s newest syncs', async () => {
    for (const [env, name] of [
      ['production', 'checkout-production'],
      ['staging', 'checkout-staging'],
      ['production', 'inventory-production'],
    ] as const) {
      const app = await appOf(env, name);
      const deploys = eventsOf(name)
        .filter(e => e.transition === 'deployed')
        .slice(-10);
      expect(
        app.status.history.map((h: any) => [h.revision, h.deployedAt]),
      ).toEqual(deploys.map(e => [e.revisionAfter, e.occurredAt]));
    }
    // The manual-sync app runs the last revision the history synced.
    const production = await appOf('production', 'checkout-production');
    expect(production.status.operationState.syncResult.revision).toBe(
      eventsOf('checkout-production')
        .filter(e => e.transition === 'deployed')
        .at(-1)!.revisionAfter,
    );
  });

  it('rolls production back in Argo CD to the revision before, then Git follows with a revert', async () => {
    const deploys = eventsOf('checkout-production').filter(
      e => e.transition === 'deployed',
    );
    const rollback = deploys.find(
      (e, i) => i > 1 && e.revisionAfter === deploys[i - 2].revisionAfter,
    )!;
    expect(rollback.initiatedBy).toEqual({ username: 'mei.tanaka' });
    const revert = await git(
      'log',
      '--first-parent',
      '--format=%H %B',
      '--grep=Reverts acme-shop/storefront-deploy#10',
      'main',
    );
    const revertSha = revert.split(' ')[0];
    expect(revertSha).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await git(
        'diff',
        '--name-only',
        rollback.revisionAfter,
        revertSha,
        '--',
        'apps/checkout',
      ),
    ).toBe('');
  });

  it('holds the revert GitOps Console committed, and its action record', async () => {
    expect(file.actions).toHaveLength(1);
    const [action] = file.actions;
    const message = await git(
      'log',
      '-1',
      '--format=%B',
      action.resultCommitSha,
    );
    expect(message).toContain(`GitOps-Console-Action: ${action.id}`);
    expect(message).toContain(`- ${action.commitShaTarget.slice(0, 12)} `);
    expect(await git('log', '-1', '--format=%an', action.resultCommitSha)).toBe(
      'GitOps Console',
    );
    // It undoes the failed commit on the path: the tree before it again.
    expect(
      await git(
        'diff',
        '--name-only',
        `${action.commitShaTarget}^`,
        action.resultCommitSha,
        '--',
        'apps/checkout/overlays/staging',
      ),
    ).toBe('');
    const deployed = eventsOf('checkout-staging').find(
      e =>
        e.transition === 'deployed' &&
        e.revisionAfter === action.resultCommitSha,
    )!;
    expect(Date.parse(action.createdAt)).toBeLessThan(
      Date.parse(deployed.occurredAt),
    );
  });
});
