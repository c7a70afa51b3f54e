import { expect, test, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  fullSha,
  openTab,
  shaLinks,
  signInAsGuest,
} from './__testUtils__/demoPage';

/**
 * Issue 12 end to end: the demo's guest is alice (team-storefront). She rolls
 * an auto-synced service back from its GitOps tab; the commit lands in the
 * demo Git, the demo cluster deploys it, and the open page follows to
 * `deployed`. On team-payments' services her buttons are disabled, with the
 * reason.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const output = path.join(repoRoot, 'e2e-output');
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const demoKubeUrl =
  process.env.DEMO_KUBE_URL ?? 'https://127.0.0.1:7443/clusters/staging';
const demoKubeCa =
  process.env.DEMO_KUBE_CA_FILE ??
  path.join(repoRoot, '.demo-data', 'kube', 'ca.crt');

// inventory's staging Application: Argo CD, auto-sync, one path in
// storefront-deploy (packages/demo-cluster/src/content).
const REPO = 'storefront-deploy';
const APP = 'inventory-staging';
const APP_PATH = 'apps/inventory/overlays/staging';

/** A bare clone of the demo repository, fetched again on each question. */
let bare: string;
test.beforeAll(() => {
  bare = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-actions-'));
  execFileSync('git', [
    'clone',
    '--bare',
    '-q',
    `${demoGitUrl}/${REPO}.git`,
    bare,
  ]);
});
test.afterAll(() => {
  if (bare) fs.rmSync(bare, { recursive: true, force: true });
});

function git(...args: string[]): string {
  return execFileSync('git', ['-C', bare, ...args], {
    encoding: 'utf8',
  }).trim();
}
function fetchDemoGit() {
  git('fetch', '-q', 'origin', '+refs/heads/*:refs/heads/*');
}
/** The tree id of the deployment's path at a revision. */
function pathTree(revision: string): string {
  return git('rev-parse', `${revision}:${APP_PATH}`);
}

/** The demo cluster's Application, read straight from its Kubernetes API. */
function readApplication(): Promise<any> {
  const url = new URL(
    `${demoKubeUrl}/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${APP}`,
  );
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: fs.readFileSync(demoKubeCa),
        headers: { authorization: 'Bearer demo-token' },
        timeout: 5_000,
      },
      response => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) {
            reject(new Error(`GET ${url}: ${response.statusCode} ${body}`));
          } else resolve(JSON.parse(body));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

test('alice rolls inventory’s staging back from a history entry; Git, the cluster and the open page follow to deployed', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await openTab(page, 'inventory');
  // Cleared by any reload: the page must follow without one.
  await page.evaluate(() => ((window as any).__e2eNoReload = true));

  const section = page.locator('[id$="inventory-staging"]');
  const history = section.getByRole('region', { name: 'History' });
  const entries = history
    .locator('li')
    .filter({ has: page.getByRole('button', { name: 'Roll back to this' }) });
  await expect(entries.first()).toBeVisible();

  // The newest earlier entry whose path differs from the branch's: rolling
  // back to it changes what staging runs.
  fetchDemoGit();
  const headBefore = git('rev-parse', 'main');
  let target: string | undefined;
  let entry: Locator | undefined;
  for (const candidate of await entries.all()) {
    const sha = await fullSha(shaLinks(candidate).first());
    if (pathTree(sha) !== pathTree(headBefore)) {
      target = sha;
      entry = candidate;
      break;
    }
  }
  expect(target, 'a history entry whose path differs from main').toBeTruthy();

  await entry!.getByRole('button', { name: 'Roll back to this' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(target!.slice(0, 7));
  const reason = `e2e: staging regressed, back to ${target!.slice(
    0,
    7,
  )} (${Date.now()})`;
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Preview' }).click();

  // The preview: the commits on the path since the target, the files.
  const preview = dialog.getByRole('region', { name: 'Preview' });
  await expect(preview).toBeVisible();
  const undone = preview.getByRole('list', { name: 'Commits undone' });
  const undoneShas: string[] = [];
  for (const item of await undone.locator('li').all()) {
    undoneShas.push(await fullSha(shaLinks(item).first()));
  }
  expect(undoneShas.length).toBeGreaterThan(0);
  const onPathSinceTarget = git(
    'log',
    '--format=%H',
    `${target}..${headBefore}`,
    '--',
    APP_PATH,
  ).split('\n');
  for (const sha of undoneShas) expect(onPathSinceTarget).toContain(sha);
  const files = preview.getByRole('table', { name: 'Files changed' });
  await expect(files).toContainText(APP_PATH);
  await dialog.screenshot({
    path: path.join(output, 'actions-rollback-dialog.png'),
  });

  await dialog.getByRole('button', { name: 'Confirm' }).click();

  // The record, followed live: committed with its SHA, then deployed.
  const progress = dialog.getByRole('region', { name: 'Progress' });
  const result = shaLinks(progress.getByText(/^Result:/)).first();
  await expect(result).toBeVisible({ timeout: 60_000 });
  const committed = await fullSha(result);

  // The commit on main in the demo Git: the target's tree at the path,
  // nothing else touched, the bot as author, alice and the action named.
  fetchDemoGit();
  expect(git('rev-parse', 'main')).toBe(committed);
  expect(git('rev-parse', `${committed}^`)).toBe(headBefore);
  expect(pathTree(committed)).toBe(pathTree(target!));
  const changed = git('diff', '--name-only', headBefore, committed).split('\n');
  expect(changed.length).toBeGreaterThan(0);
  for (const file of changed)
    expect(file.startsWith(`${APP_PATH}/`)).toBe(true);
  const message = git('log', '-1', '--format=%B', committed);
  expect(message).toMatch(/^GitOps-Console-Action: \S+$/m);
  expect(message).toContain('alice');
  expect(message).toContain(reason);

  // The demo cluster's Argo CD syncs it by itself (auto-sync).
  await expect
    .poll(
      async () => {
        const app = await readApplication();
        return {
          sync: app.status?.sync?.status,
          revision: app.status?.sync?.revision,
          deployed: app.status?.history?.at(-1)?.revision,
        };
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toEqual({ sync: 'Synced', revision: committed, deployed: committed });

  await expect(progress.getByRole('status')).toContainText('Deployed', {
    timeout: 60_000,
  });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // The tab's deployment shows the new revision, and the Actions list the
  // record as deployed: who, what, why, status, link.
  await expect(section.locator(`[title="${committed}"]`).first()).toBeVisible({
    timeout: 30_000,
  });
  const actions = page.getByRole('table', { name: 'Actions' });
  const row = actions.getByRole('row').filter({ hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('alice');
  await expect(row).toContainText(`Roll back to ${target!.slice(0, 7)}`);
  await expect(row).toContainText('Deployed');
  await expect(row.locator(`[title="${committed}"]`)).toBeVisible();
  await actions.scrollIntoViewIfNeeded();
  await page
    .locator('.MuiCard-root', { has: actions })
    .screenshot({ path: path.join(output, 'actions-list.png') });

  // The overview's card, reached in the app (no reload), leads with it.
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Overview' })
    .click();
  const tile = page.getByRole('region', { name: 'staging deployment' });
  await expect(tile.locator(`[title="${committed}"]`).first()).toBeVisible();
  await expect(tile.getByText('In sync', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__e2eNoReload)).toBe(true);
});

test('on team-payments’ service alice’s buttons are disabled, with the reason', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openTab(page, 'payments-api');
  const names = [
    'Roll back to this',
    'Revert this commit',
    'Reconcile',
    'Suspend',
    'Resume',
  ];
  const buttons = page.getByRole('button', {
    name: new RegExp(`^(${names.join('|')}|Roll back…)$`),
  });
  await expect(buttons.first()).toBeVisible();
  const count = await buttons.count();
  expect(count).toBeGreaterThan(2);
  for (const button of await buttons.all()) {
    await expect(button).toBeDisabled();
    // The reason, for screen readers.
    await expect(button).toHaveAccessibleDescription(
      /owners of component:default\/payments-api.*team-payments/,
    );
  }
  // And on hover: the wrapper of a disabled button shows it as a tooltip.
  const first = page.getByRole('button', { name: 'Reconcile' }).first();
  await first.locator('xpath=..').hover();
  await expect(page.getByRole('tooltip')).toContainText(
    /owners of component:default\/payments-api.*team-payments/,
  );
  await page.screenshot({ path: path.join(output, 'actions-denied.png') });

  // Her own service's buttons are enabled.
  await openTab(page, 'inventory');
  await expect(
    page.getByRole('button', { name: 'Sync' }).first(),
  ).toBeEnabled();
  await expect(
    page.getByRole('button', { name: 'Roll back to this' }).first(),
  ).toBeEnabled();
});
