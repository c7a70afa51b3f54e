import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const screenshots = path.resolve(__dirname, '..', '..', '..', 'e2e-output');
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const demoServices = [
  'inventory',
  'checkout',
  'catalog-search',
  'payments-api',
  'notifications',
];

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
}

/** A bare clone of a demo repository, to check what the UI shows against Git. */
const clones = new Map<string, string>();
function demoRepo(name: string): string {
  if (!clones.has(name)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gitops-e2e-${name}-`));
    execFileSync('git', [
      'clone',
      '--bare',
      '-q',
      `${demoGitUrl}/${name}.git`,
      dir,
    ]);
    clones.set(name, dir);
  }
  return clones.get(name)!;
}
test.afterAll(() => {
  for (const dir of clones.values())
    fs.rmSync(dir, { recursive: true, force: true });
});

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', demoRepo(repo), ...args], {
    encoding: 'utf8',
  }).trim();
}

/**
 * A commit's title as the UI shows it: the subject, or for a GitHub merge
 * commit the first line of its body (the pull request's title).
 */
function commitTitle(repo: string, sha: string): string {
  const [subject, ...body] = git(repo, 'log', '-1', '--format=%B', sha).split(
    '\n',
  );
  if (!/^Merge (pull request #\d+|branch '.+') from \S+$/.test(subject)) {
    return subject.trim();
  }
  return body.map(l => l.trim()).find(Boolean) ?? subject.trim();
}

/** The full SHA behind a short one shown in the UI (its title holds it). */
async function fullSha(revision: Locator): Promise<string> {
  const sha = await revision.getAttribute('title');
  expect(sha).toMatch(/^[0-9a-f]{40}$/);
  return sha!;
}

/** The entity page's GitOps tab (the sidebar has a "GitOps" link too). */
function gitopsTab(page: Page, name: string): Locator {
  return page.locator(`a[href$="/component/${name}/gitops"]`);
}

/** Opens an entity's overview and waits for its deployments card. */
async function openOverview(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}`);
  await expect(page.getByText('GitOps deployments')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'production deployment' }),
  ).toBeVisible();
}

test('the catalog lists the demo services', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/?filters[kind]=component&filters[user]=all');
  for (const name of demoServices) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await screenshot(page, 'catalog');
});

test('a service page shows its deployment cards with revisions from the demo Git', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openOverview(page, 'inventory');

  for (const environment of ['staging', 'production']) {
    const tile = page.getByRole('region', {
      name: `${environment} deployment`,
    });
    for (const text of [
      'In sync',
      'Synced',
      'Healthy',
      'Argo CD',
      'Auto-sync',
    ]) {
      await expect(tile.getByText(text, { exact: true })).toBeVisible();
    }

    // The short SHA and subject are those of a commit of the demo repository.
    const revision = tile.locator('dd [title]').first();
    const sha = await fullSha(revision);
    await expect(revision).toHaveText(sha.slice(0, 7));
    await expect(tile).toContainText(commitTitle('storefront-deploy', sha));
    const author = git('storefront-deploy', 'log', '-1', '--format=%an', sha);
    await expect(tile).toContainText(`by ${author}`);
  }
  await expect(
    page.getByRole('alert', { name: 'GitOps drift warning' }),
  ).toHaveCount(0);
  await screenshot(page, 'overview-inventory');
});

test('the drift warning shows on the drifted service and not on the healthy one', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openOverview(page, 'catalog-search');
  const warning = page.getByRole('alert', { name: 'GitOps drift warning' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('production: Out of sync');
  await expect(warning).toContainText('live state differs from Git');
  await expect(warning).toContainText('Deployment catalog-search');
  await expect(warning).not.toContainText('staging');
  await warning.scrollIntoViewIfNeeded();
  await screenshot(page, 'overview-catalog-search');

  await warning.getByRole('link', { name: 'Open the GitOps tab' }).click();
  await expect(page).toHaveURL(/\/component\/catalog-search\/gitops$/);

  await openOverview(page, 'inventory');
  await expect(
    page.getByRole('alert', { name: 'GitOps drift warning' }),
  ).toHaveCount(0);
});

test('the GitOps tab shows the pending commits of the service that is behind', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout');
  await gitopsTab(page, 'checkout').click();
  await expect(page).toHaveURL(/\/component\/checkout\/gitops$/);

  const matrix = page.getByRole('table', {
    name: 'Deployments by environment',
  });
  await expect(matrix).toBeVisible();
  await expect(matrix.getByRole('row', { name: /^Drift/ })).toContainText(
    'In syncBehind',
  );

  const production = page.locator('[id$="checkout-production"]');
  const pending = production.getByRole('region', { name: 'Pending commits' });
  await expect(pending).toContainText('Pending commits (3)');

  // Each listed commit touches the production overlay on main, newest first.
  const onPath = git(
    'storefront-deploy',
    'log',
    '--format=%H',
    'main',
    '--',
    'apps/checkout/overlays/production',
  ).split('\n');
  const listed = pending.locator('li');
  await expect(listed).toHaveCount(3);
  const shas: string[] = [];
  for (const item of await listed.all()) {
    shas.push(await fullSha(item.locator('[title]').first()));
  }
  expect(shas).toEqual(onPath.slice(0, 3));
  for (const sha of shas) {
    await expect(pending).toContainText(commitTitle('storefront-deploy', sha));
  }

  await expect(
    production.getByRole('region', { name: 'History' }),
  ).toBeVisible();
  // The production section from its title: drift, pending commits, history.
  await production.evaluate(el => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'tab-checkout');
});

test('the fleet page filters by owner and drift state', async ({ page }) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'GitOps', exact: true }).first().click();
  await expect(page).toHaveURL(/\/gitops$/);

  const table = page.getByRole('table', { name: 'Deployments' });
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const everyone = await rows.count();
  const totals = page.getByRole('group', { name: 'Totals per drift state' });
  await expect(totals.getByRole('button', { name: /Failing/ })).toContainText(
    '1',
  );
  await screenshot(page, 'fleet');

  // payments-api and notifications, in staging and production.
  await chooseOption(page, 'Owner', 'group:default/team-payments');
  await expect(rows).toHaveCount(4);
  expect(everyone).toBeGreaterThan(4);
  for (const row of await rows.all()) {
    await expect(row).toContainText('Payments team');
  }

  await chooseOption(page, 'Drift state', 'Failing');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('notifications');
  await expect(rows.first()).toContainText('production');
  await expect(rows.first()).toContainText('Failing');
  await expect(page).toHaveURL(/owner=group%3Adefault%2Fteam-payments/);
  await expect(page).toHaveURL(/driftState=failing/);
  await screenshot(page, 'fleet-filtered');

  await rows.first().getByRole('link', { name: 'notifications' }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/notifications/);
});

async function chooseOption(page: Page, filter: string, option: string) {
  await page.getByRole('button', { name: new RegExp(`^${filter}`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

test('a deployment card follows a Git push live, without a reload', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openOverview(page, 'inventory');
  const staging = page.getByRole('region', { name: 'staging deployment' });
  const before = await fullSha(staging.locator('dd [title]').first());

  // Scale inventory's staging overlay: Argo CD (auto-sync) deploys it.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-push-'));
  try {
    const run = (...args: string[]) =>
      execFileSync('git', ['-C', work, ...args], { encoding: 'utf8' }).trim();
    execFileSync('git', [
      'clone',
      '-q',
      `${demoGitUrl}/storefront-deploy.git`,
      work,
    ]);
    const file = path.join(
      work,
      'apps/inventory/overlays/staging/kustomization.yaml',
    );
    const yaml = fs.readFileSync(file, 'utf8');
    const count = Number(yaml.match(/count: (\d+)/)![1]);
    fs.writeFileSync(
      file,
      yaml.replace(/count: \d+/, `count: ${(count % 5) + 1}`),
    );
    const title = `inventory: scale staging to ${
      (count % 5) + 1
    } replicas (e2e)`;
    run(
      '-c',
      'user.name=E2E Test',
      '-c',
      'user.email=e2e@example.com',
      'commit',
      '-qam',
      title,
    );
    run('push', '-q', 'origin', 'HEAD:main');
    const pushed = run('rev-parse', 'HEAD');
    expect(pushed).not.toBe(before);

    // The backend's signal (or the polling fallback) updates the open page.
    await expect(staging.locator(`[title="${pushed}"]`).first()).toBeVisible({
      timeout: 60_000,
    });
    await expect(staging).toContainText(title);
    await expect(staging.getByText('In sync', { exact: true })).toBeVisible();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

for (const name of demoServices) {
  test(`${name} has a GitOps tab with its environments side by side`, async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${name}`);
    const tab = gitopsTab(page, name);
    await expect(tab).toHaveText('GitOps');
    await tab.click();
    await expect(page).toHaveURL(new RegExp(`/component/${name}/gitops$`));

    const matrix = page.getByRole('table', {
      name: 'Deployments by environment',
    });
    await expect(matrix).toBeVisible();
    await expect(
      matrix.getByRole('columnheader', { name: /^staging/ }),
    ).toBeVisible();
    await expect(
      matrix.getByRole('columnheader', { name: /^production/ }),
    ).toBeVisible();
    await expect(page.getByText('Matched by these annotations')).toBeVisible();
  });
}

test('the GitOps tab and cards are absent on an entity without GitOps annotations', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/gitops-console');
  await expect(
    page.getByRole('link', { name: 'Overview', exact: true }),
  ).toBeVisible();
  await expect(gitopsTab(page, 'gitops-console')).toHaveCount(0);
  await expect(page.getByText('GitOps deployments')).toHaveCount(0);
});
