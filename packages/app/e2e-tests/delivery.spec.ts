import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTab, signInAsGuest } from './__testUtils__/demoPage';
import { patchApplication, readApplication } from './__testUtils__/demoKube';

/**
 * Issue 14 end to end, on the demo's seeded 30 days (docs/demo-history.md):
 * checkout's Delivery section has all four figures and a chart with its
 * failures and rollback; its history pages back into the ledger; and a
 * deployment this test makes fail reaches alice's bell.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const docs = path.join(repoRoot, 'docs');
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const historyFile = path.join(repoRoot, '.demo-data', 'delivery-history.json');
const DAY = 86_400_000;

interface SeededEvent {
  deployment: string;
  transition: 'deployed' | 'drift';
  revisionAfter: string;
  driftAfter: string;
  occurredAt: string;
}

/** What the demo cluster seeded for checkout's Applications in the last `days`. */
function seededForCheckout(days: number): SeededEvent[] {
  const { events } = JSON.parse(fs.readFileSync(historyFile, 'utf8')) as {
    events: SeededEvent[];
  };
  const from = Date.now() - days * DAY;
  return events.filter(
    e =>
      /\/checkout-(staging|production)$/.test(e.deployment) &&
      Date.parse(e.occurredAt) >= from,
  );
}

function chartTotals(caption: string) {
  const match = caption.match(
    /(\d+) deployments? \((\d+) rollbacks?\) and (\d+) failures?/,
  );
  expect(match, `chart summary: ${caption}`).toBeTruthy();
  const [deployments, rollbacks, failures] = match!.slice(1).map(Number);
  return { deployments, rollbacks, failures };
}

async function openDelivery(page: Page) {
  await signInAsGuest(page);
  await openTab(page, 'checkout');
  const table = page.getByRole('table', { name: 'Delivery metrics' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  return table;
}

test('checkout’s Delivery section shows the four figures and a chart of its 30 days with failures and the rollback', async ({
  page,
}) => {
  const table = await openDelivery(page);
  for (const name of [
    'Deployment frequency',
    'Lead time for changes',
    'Change failure rate',
    'Time to restore',
  ]) {
    await expect(table.getByRole('columnheader', { name })).toBeVisible();
  }
  for (const environment of ['staging', 'production']) {
    // The environment is the row's first cell (a <th scope="row">).
    const row = table.getByRole('row').filter({
      has: page.getByRole('cell', { name: environment, exact: true }),
    });
    await expect(row).toHaveCount(1);
    await expect(row).not.toContainText('Too few data points');
    const cells = row.getByRole('cell');
    await expect(cells.nth(1)).toContainText(/[\d.]+ per (day|week)/);
    await expect(cells.nth(2)).toContainText(
      /\d+(\.\d+)? (min|h|days) median, \d+(\.\d+)? (min|h|days) p90/,
    );
    await expect(cells.nth(3)).toContainText(/\d+(\.\d+)?%/);
    await expect(cells.nth(4)).toContainText(/\d+(\.\d+)? (min|h|days)\b/);
  }

  // The chart: recharts bars, and its totals in words, resting on what the
  // demo seeded (the live ledger may add today's syncs and failures).
  const figure = page.getByRole('figure', { name: 'Deployments over time' });
  await expect(figure).toBeVisible();
  await expect(
    figure.locator('.recharts-bar-rectangle').first(),
  ).toBeAttached();
  for (const series of ['Deployments', 'Rollbacks', 'Failures']) {
    await expect(figure.locator('.recharts-legend-wrapper')).toContainText(
      series,
    );
  }
  const seeded = seededForCheckout(30);
  const totals = chartTotals(
    (await figure.locator('figcaption').textContent()) ?? '',
  );
  expect(totals.rollbacks).toBeGreaterThanOrEqual(1);
  expect(totals.failures).toBeGreaterThanOrEqual(
    seeded.filter(e => e.transition === 'drift' && e.driftAfter === 'failing')
      .length,
  );
  expect(totals.deployments).toBeGreaterThanOrEqual(
    seeded.filter(e => e.transition === 'deployed').length,
  );
  expect(totals.failures).toBeGreaterThanOrEqual(6);

  const card = page.locator('.MuiCard-root', { has: table });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: path.join(docs, 'screenshot-delivery.png') });
});

test('checkout’s staging history pages back past what the CR keeps, into the ledger, to the first deployment', async ({
  page,
}) => {
  await openDelivery(page);
  const staging = page.locator('[id$="checkout-staging"]');
  const history = staging.getByRole('region', { name: 'History' });
  await expect(history).toBeVisible();
  await expect(history).not.toContainText('from the deployment ledger');

  // The repository's first commit is older than Argo CD's ten entries.
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-delivery-'));
  let first: string;
  try {
    execFileSync('git', [
      'clone',
      '--bare',
      '-q',
      `${demoGitUrl}/storefront-deploy.git`,
      bare,
    ]);
    first = execFileSync(
      'git',
      ['-C', bare, 'rev-list', '--max-parents=0', 'main'],
      { encoding: 'utf8' },
    ).trim();
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
  await expect(history.locator(`[title="${first}"]`)).toHaveCount(0);

  const older = staging.getByRole('button', {
    name: 'Load older history of staging',
  });
  await older.click();
  await expect(history).toContainText('from the deployment ledger');
  // Page on until the ledger has nothing older.
  for (let i = 0; i < 10 && (await older.count()) > 0; i++) {
    await older.click();
    await expect(
      older.or(staging.getByText(/oldest deployment recorded/)),
    ).toBeVisible();
  }
  await expect(
    staging.getByText('This is the oldest deployment recorded.'),
  ).toBeVisible();
  await expect(history.locator(`[title="${first}"]`).first()).toBeVisible();
});

test('a deployment this test makes fail reaches the owners’ bell, and its recovery follows', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const app = 'checkout-staging';
  const message = `e2e: pods crash-looping (${Date.now()})`;
  await signInAsGuest(page);
  await openTab(page, 'checkout');
  const tile = page.locator(`[id$="${app}"]`);

  const before = await readApplication('staging', app);
  expect(before.status.health.status).toBe('Healthy');
  let broken = false;
  try {
    // What Argo CD's controller writes when a rollout's pods crash-loop.
    await patchApplication('staging', app, {
      status: { health: { status: 'Degraded', message } },
    });
    broken = true;
    await expect(
      tile.getByText('Failing', { exact: true }).first(),
    ).toBeVisible({ timeout: 30_000 });

    // gitops.notifications.after is 15 s in the demo (app-config.yaml).
    const title = new RegExp(`${app} in staging has been failing for`);
    await page
      .getByRole('link', { name: /Notifications/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/notifications/);
    await expect
      .poll(
        async () => {
          const found = await page.getByText(title).count();
          if (found === 0) await page.reload();
          return found;
        },
        { timeout: 90_000, intervals: [5_000] },
      )
      .toBeGreaterThan(0);
    const notification = page.getByText(title).first();
    await expect(notification).toBeVisible();
    await expect(page.getByText(message).first()).toBeVisible();
    await page.screenshot({
      path: path.join(docs, 'screenshot-notification.png'),
    });
  } finally {
    if (broken) {
      await patchApplication('staging', app, {
        status: { health: { status: 'Healthy', message: null } },
      });
    }
  }

  // Recovered: the same notification's scope is updated (one notification
  // per deployment), and the tab is in sync again.
  const recovered = new RegExp(`${app} in staging has recovered`);
  await expect
    .poll(
      async () => {
        const found = await page.getByText(recovered).count();
        if (found === 0) await page.reload();
        return found;
      },
      { timeout: 60_000, intervals: [5_000] },
    )
    .toBeGreaterThan(0);
  expect((await readApplication('staging', app)).status.health.status).toBe(
    'Healthy',
  );
  await openTab(page, 'checkout');
  await expect(
    page
      .locator(`[id$="${app}"]`)
      .getByText('In sync', { exact: true })
      .first(),
  ).toBeVisible({ timeout: 30_000 });
});
