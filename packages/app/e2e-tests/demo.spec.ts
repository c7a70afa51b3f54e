import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fullSha,
  openTab,
  shaLinks,
  signInAsGuest,
} from './__testUtils__/demoPage';

const screenshots = path.resolve(__dirname, '..', '..', '..', 'e2e-output');
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const demoServices = [
  'inventory',
  'checkout',
  'catalog-search',
  'payments-api',
  'notifications',
];

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

/** A tile's revision fact: the last change, "synced at …", up to date or not. */
function revisionFact(tile: Locator): Locator {
  return tile.locator('dd').first();
}

/** The entity page's GitOps tab (the sidebar has a "GitOps" link too). */
function gitopsTab(page: Page, name: string): Locator {
  // Only the entity page's tab bar: the deployments card links to the same
  // URL, and on a busy machine it may render before the tab is looked up.
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .locator(`a[href$="/component/${name}/gitops"]`);
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

    // The headline is the last change: a commit of the demo repository,
    // with its subject and author; the exact deployed SHA, when it is
    // another commit, follows as "synced at", and the last change is one of
    // its ancestors.
    const revision = revisionFact(tile);
    const headline = shaLinks(revision).first();
    const sha = await fullSha(headline);
    await expect(headline).toHaveText(sha.slice(0, 7));
    await expect(revision).toContainText(commitTitle('storefront-deploy', sha));
    const author = git('storefront-deploy', 'log', '-1', '--format=%an', sha);
    await expect(tile).toContainText(`by ${author}`);
    const synced = revision.getByText(/^synced at/);
    if ((await synced.count()) > 0) {
      const deployed = await fullSha(shaLinks(synced).first());
      git('storefront-deploy', 'merge-base', '--is-ancestor', sha, deployed);
    }
    await expect(revision).toContainText('up to date with Git');
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
  await expect(pending).toContainText(/Pending commits \(\d+\)/);

  // Each listed commit is on main's first-parent line and touches the
  // production overlay or the base it renders, newest first.
  const onInputs = git(
    'storefront-deploy',
    'log',
    '--first-parent',
    '--format=%H',
    'main',
    '--',
    'apps/checkout/overlays/production',
    'apps/checkout/base',
  ).split('\n');
  const listed = pending.locator('li');
  const count = await listed.count();
  expect(count).toBeGreaterThan(0);
  await expect(pending).toContainText(`Pending commits (${count})`);
  const shas: string[] = [];
  for (const item of await listed.all()) {
    shas.push(await fullSha(shaLinks(item).first()));
  }
  expect(shas).toEqual(onInputs.slice(0, count));
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
  // Menus built from the answer's facets end in the count: "Failing (1)".
  const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page
    .getByRole('option', { name: new RegExp(`^${escaped}( \\(\\d+\\))?$`) })
    .click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

test('a deployment card follows a Git push live, without a reload', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openOverview(page, 'inventory');
  const staging = page.getByRole('region', { name: 'staging deployment' });
  const before = await fullSha(shaLinks(revisionFact(staging)).first());

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

// Issue 10: open pages follow Git and the cluster without a reload.

/** The backend's Git fetch interval in the demo (gitops.git.fetchIntervalSeconds). */
const FETCH_INTERVAL_MS = 15_000;

/**
 * Commits an edit of one file of storefront-deploy to main and pushes it;
 * returns the new commit's SHA.
 */
function pushEdit(
  file: string,
  edit: (text: string) => string,
  title: string,
): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-edit-'));
  try {
    const run = (...args: string[]) =>
      execFileSync('git', ['-C', work, ...args], { encoding: 'utf8' }).trim();
    execFileSync('git', [
      'clone',
      '-q',
      `${demoGitUrl}/storefront-deploy.git`,
      work,
    ]);
    const target = path.join(work, file);
    fs.writeFileSync(target, edit(fs.readFileSync(target, 'utf8')));
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
    return run('rev-parse', 'HEAD');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A YAML comment appended: a change to the file that renders the same. */
const touch = (text: string) =>
  `${text.replace(/\n?$/, '\n')}# e2e ${Date.now()}\n`;

test('a push to a manual-sync app’s path reaches the open tab’s pending list within the fetch interval', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openTab(page, 'checkout');
  const pending = page
    .locator('[id$="checkout-production"]')
    .getByRole('region', { name: 'Pending commits' });
  await expect(pending).toBeVisible();

  const sha = pushEdit(
    'apps/checkout/overlays/production/kustomization.yaml',
    touch,
    'checkout: note the production release check (e2e)',
  );
  const pushedAt = Date.now();
  // No reload: the backend's fetch, then its signal (or the poll).
  await expect(pending.locator(`[title="${sha}"]`)).toBeVisible({
    timeout: FETCH_INTERVAL_MS + 5_000,
  });
  await expect(pending).toContainText(
    'checkout: note the production release check (e2e)',
  );
  // eslint-disable-next-line no-console
  console.log(
    `[e2e] push to pending on an open page: ${Date.now() - pushedAt} ms`,
  );
});

test('a change to the kustomize base appears in production’s pending list', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openTab(page, 'checkout');
  const production = page.locator('[id$="checkout-production"]');
  const pending = production.getByRole('region', { name: 'Pending commits' });
  await expect(pending).toBeVisible();

  // A real change of what every environment renders (a ConfigMap value).
  const sha = pushEdit(
    'apps/checkout/base/configmap.yaml',
    text => {
      expect(text).toMatch(/^data:\n {2}\S/m);
      return text.replace(/^data:\n/m, `data:\n  E2E_MARK: "${Date.now()}"\n`);
    },
    'checkout: mark the base config (e2e)',
  );

  await expect(pending.locator(`[title="${sha}"]`)).toBeVisible({
    timeout: FETCH_INTERVAL_MS + 5_000,
  });
});

/** The PID of the process serving the demo cluster's Kubernetes API (:7443). */
function demoClusterPid(): number {
  const out = execFileSync('ss', ['-Hltnp', 'sport = :7443'], {
    encoding: 'utf8',
  });
  const pid = Number(out.match(/pid=(\d+)/)?.[1]);
  expect(pid).toBeGreaterThan(1);
  return pid;
}

test('a hung demo cluster turns the open page to unknown within 15 s, and back within 15 s', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openOverview(page, 'inventory');
  const tile = page.getByRole('region', { name: 'production deployment' });
  await expect(tile.getByText('In sync', { exact: true })).toBeVisible();

  const pid = demoClusterPid();
  let stopped = false;
  try {
    process.kill(pid, 'SIGSTOP');
    stopped = true;
    const at = Date.now();
    await expect(
      tile.getByText('Unknown', { exact: true }).first(),
    ).toBeVisible({
      timeout: 15_000,
    });
    // eslint-disable-next-line no-console
    console.log(
      `[e2e] hung cluster shown as unknown after ${Date.now() - at} ms`,
    );
    await expect(tile).toContainText('cluster unreachable');
  } finally {
    if (stopped) process.kill(pid, 'SIGCONT');
  }
  const resumed = Date.now();
  await expect(tile.getByText('In sync', { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  // eslint-disable-next-line no-console
  console.log(`[e2e] cluster back in sync after ${Date.now() - resumed} ms`);
});
