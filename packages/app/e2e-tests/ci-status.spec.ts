import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fullSha, openTab, signInAsGuest } from './__testUtils__/demoPage';

/**
 * Issue 14's CI badges end to end. The demo's reviews service deploys from
 * acme-shop/reviews-deploy on the demo GitHub (testkit's GitHub-compatible
 * API on 7445, an ordinary `integrations.github` entry with `apiBaseUrl` in
 * app-config.yaml). The demo posted its commits' CI results there as CI
 * would (packages/demo-cluster/src/github); the GitOps tab shows them on the
 * running commit, the pending commits and the history, and marks the
 * pending commit whose CI failed.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const demoGitHubUrl = process.env.DEMO_GITHUB_URL ?? 'http://127.0.0.1:7445';
// The demo GitHub's token (app-config.yaml); the browser must never see it.
const GITHUB_TOKEN = 'demo-github-token';
const REPO = 'acme-shop/reviews-deploy';

/** The SHA of reviews-deploy's main-line commit with this subject. */
let shaOf: (subject: string) => string;
let clone: string;
test.beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-ci-'));
  execFileSync('git', [
    'clone',
    '--bare',
    '-q',
    `${demoGitUrl}/${REPO}.git`,
    clone,
  ]);
  const bySubject = new Map(
    execFileSync('git', ['-C', clone, 'log', '--format=%s%x09%H', 'main'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map(line => line.split('\t') as [string, string]),
  );
  shaOf = subject => {
    const sha = bySubject.get(subject);
    if (!sha) throw new Error(`no commit "${subject}" in ${REPO}`);
    return sha;
  };
});
test.afterAll(() => {
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

/** The link the UI should give: the failing report, else the first (statuses before check runs). */
async function expectedCiLink(sha: string): Promise<string> {
  const read = async (url: string) => {
    const response = await fetch(`${demoGitHubUrl}${url}`, {
      headers: { authorization: `token ${GITHUB_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const combined = await read(`/repos/${REPO}/commits/${sha}/status`);
  const checks = await read(`/repos/${REPO}/commits/${sha}/check-runs`);
  const items = [
    ...combined.statuses.map((s: any) => ({
      state: s.state === 'error' ? 'failure' : s.state,
      url: s.target_url,
    })),
    ...checks.check_runs.map((r: any) => ({
      state:
        // eslint-disable-next-line no-nested-ternary
        r.status !== 'completed'
          ? 'pending'
          : r.conclusion === 'failure'
          ? 'failure'
          : 'success',
      url: r.details_url,
    })),
  ];
  const pick = (state: string) => items.find(i => i.state === state);
  return (pick('failure') ?? pick('pending') ?? items[0]).url;
}

const LABEL = {
  success: 'CI passed (3 checks)',
  failure: 'CI failed (3 checks)',
  pending: 'CI running (3 checks)',
} as const;

/** The CI badge of the commit `subject` inside `scope`, checked against the demo GitHub. */
async function expectBadge(
  scope: Locator,
  subject: string,
  state: keyof typeof LABEL,
) {
  const sha = shaOf(subject);
  // Backstage's Link adds ", Opens in a new window" to external links.
  const name = new RegExp(`^${LABEL[state].replace(/[()]/g, '\\$&')}(,|$)`);
  const badge = scope.getByRole('link', { name });
  // States arrive with the CI poll's first round, then the view follows.
  await expect(badge).toBeVisible({ timeout: 90_000 });
  await expect(badge).toHaveAttribute('href', await expectedCiLink(sha));
  // The badge sits next to that commit's short SHA.
  await expect(scope).toContainText(subject);
  return { badge, sha };
}

/** Every text body the browser received, to look for secrets in. */
function recordBodies(page: Page): Promise<string>[] {
  const bodies: Promise<string>[] = [];
  page.on('response', response => {
    bodies.push(response.text().catch(() => ''));
  });
  return bodies;
}

test('the reviews service shows CI badges from the demo GitHub and marks the failed pending commit', async ({
  page,
}) => {
  const bodies = recordBodies(page);
  await signInAsGuest(page);
  await openTab(page, 'reviews');

  // Running in production: the hotfix, whose CI passed.
  const matrix = page.getByRole('table', {
    name: 'Deployments by environment',
  });
  const hotfix = 'reviews: hotfix 2.1.1 (star ratings rounded down) everywhere';
  const running = matrix
    .getByRole('row', { name: /^Running/ })
    .getByRole('cell')
    .filter({ hasText: hotfix });
  await expectBadge(running, hotfix, 'success');

  const production = page.locator('[id$="reviews-production"]');

  // Waiting for production: one failed its image scan and is marked, the
  // newest still runs its checks and is not.
  const pending = production.getByRole('region', { name: 'Pending commits' });
  await expect(pending).toContainText('Pending commits (2)');
  const items = pending.locator('li');
  await expect(items).toHaveCount(2);
  const failedItem = items.filter({
    hasText: 'reviews: release 2.2.0 to production',
  });
  const runningItem = items.filter({
    hasText: 'reviews: three replicas in production for the sale',
  });
  const failed = await expectBadge(
    failedItem,
    'reviews: release 2.2.0 to production',
    'failure',
  );
  await expect(failedItem).toContainText(
    'CI failed on this commit: not worth promoting until it passes.',
  );
  await expectBadge(
    runningItem,
    'reviews: three replicas in production for the sale',
    'pending',
  );
  await expect(runningItem).not.toContainText('CI failed on this commit');
  expect(
    await fullSha(failedItem.locator('a[title], code[title]').first()),
  ).toBe(failed.sha);

  // The history: the release that ran with failed tests, and passed ones.
  const history = production.getByRole('region', { name: 'History' });
  const entries = history.locator('li');
  const failedRelease = entries
    .filter({ hasText: 'reviews: release 2.1.0 to production' })
    .first();
  await expectBadge(
    failedRelease,
    'reviews: release 2.1.0 to production',
    'failure',
  );
  const passedRelease = entries
    .filter({ hasText: 'reviews: release 2.0.0 to production' })
    .first();
  await expectBadge(
    passedRelease,
    'reviews: release 2.0.0 to production',
    'success',
  );
  // No "CI failed" mark in the history: it is for commits still to promote.
  await expect(history).not.toContainText('CI failed on this commit');

  await production.evaluate(el => el.scrollIntoView({ block: 'start' }));
  await failed.badge.hover();
  await expect(page.getByRole('tooltip')).toContainText(LABEL.failure);
  await page.screenshot({
    path: path.join(repoRoot, 'docs', 'screenshot-ci-badges.png'),
  });

  // The GitHub token stays in the backend.
  const received = await Promise.all(bodies);
  expect(received.length).toBeGreaterThan(5);
  expect(received.filter(body => body.includes(GITHUB_TOKEN))).toEqual([]);
});
