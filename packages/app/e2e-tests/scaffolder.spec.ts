import {
  expect,
  test,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInAsGuest } from './__testUtils__/demoPage';

/**
 * Issue 13 end to end, on the running demo: the gitops-app template creates
 * an app that reaches the demo clusters the GitOps way. The task commits to
 * a demo repository; the root app of each environment (Argo CD app of apps,
 * Flux cluster Kustomization over clusters/<env>) creates its CD object; the
 * simulated controllers sync it; the GitOps API and the entity page show it.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const backendUrl = process.env.GITOPS_BACKEND_URL ?? 'http://localhost:7007';
const demoGitUrl = process.env.DEMO_GIT_URL ?? 'http://127.0.0.1:7444';
const ENVIRONMENTS = ['staging', 'production'];
// A step that cannot be done fails in 30 s, not at the test's timeout.
test.use({ actionTimeout: 30_000 });

const REPOS = { argocd: 'storefront-deploy', flux: 'payments-fleet' };

/** A short unique app name, so a rerun on the same demo does not collide. */
const appName = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}`.slice(0, 40);

/** The main branch of a demo repository, fetched now. */
function mainOf(repo: string, appPath: string) {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-e2e-scaffold-'));
  try {
    execFileSync('git', [
      'clone',
      '--bare',
      '-q',
      `${demoGitUrl}/${repo}.git`,
      bare,
    ]);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', bare, ...args], { encoding: 'utf8' }).trim();
    return {
      head: git('rev-parse', 'main'),
      lastTouching: git('log', '-1', '--format=%H', 'main', '--', appPath),
    };
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
}

/** A Backstage token for the demo's guest (alice). */
async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).backstageIdentity.token;
}

async function runTemplate(
  request: APIRequestContext,
  token: string,
  values: Record<string, unknown>,
) {
  const headers = { authorization: `Bearer ${token}` };
  const created = await request.post(`${backendUrl}/api/scaffolder/v2/tasks`, {
    headers,
    data: { templateRef: 'template:default/gitops-app', values },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  let task: any;
  await expect
    .poll(
      async () => {
        task = await (
          await request.get(`${backendUrl}/api/scaffolder/v2/tasks/${id}`, {
            headers,
          })
        ).json();
        return task.status;
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toMatch(/^(completed|failed)$/);
  return { id, task, endedAt: Date.now() };
}

for (const cdTool of ['argocd', 'flux'] as const) {
  test(`the template's ${cdTool} app is deployed in every environment within 60 s of the task`, async ({
    request,
  }) => {
    test.setTimeout(240_000);
    const token = await guestToken(request);
    const headers = { authorization: `Bearer ${token}` };
    const name = appName(`e2e-${cdTool}`);
    const { id, task, endedAt } = await runTemplate(request, token, {
      name,
      owner: 'group:default/team-storefront',
      cdTool,
      environments: ENVIRONMENTS,
      image: 'ghcr.io/gitops-console/demo-app:1.0.0',
      port: 8080,
    });
    expect(task.status, `task ${id}`).toBe('completed');

    // The commit is on main of the demo repository.
    const { head, lastTouching } = mainOf(REPOS[cdTool], `apps/${name}`);
    expect(lastTouching).toMatch(/^[0-9a-f]{40}$/);

    // The entity is in the catalog.
    await expect
      .poll(
        async () =>
          (
            await request.get(
              `${backendUrl}/api/catalog/entities/by-name/component/default/${name}`,
              { headers },
            )
          ).status(),
        { timeout: 30_000 },
      )
      .toBe(200);

    // Every environment: the new commit deployed, drift in-sync.
    let answer: any;
    await expect
      .poll(
        async () => {
          answer = await (
            await request.get(
              `${backendUrl}/api/gitops/entities/default/component/${name}/deployments`,
              { headers },
            )
          ).json();
          return ENVIRONMENTS.map(env => {
            const d = (answer.deployments ?? []).find(
              (x: any) => x.environment === env,
            );
            return `${env}: ${d?.deployedRevision ?? '-'} ${
              d?.drift?.state ?? '-'
            }`;
          });
        },
        { timeout: 60_000 - (Date.now() - endedAt), intervals: [500] },
      )
      .toEqual(ENVIRONMENTS.map(env => `${env}: ${lastTouching} in-sync`));
    const seconds = (Date.now() - endedAt) / 1000;
    // The figure the issue asks for, in the run's output.
    // eslint-disable-next-line no-console
    console.log(
      `${cdTool}: ${name} deployed at ${lastTouching.slice(
        0,
        7,
      )} (main ${head.slice(0, 7)}) in-sync in ${ENVIRONMENTS.join(
        ' and ',
      )} ${seconds.toFixed(1)} s after the task ended`,
    );
    expect(answer.deployments.map((d: any) => d.kind)).toEqual(
      ENVIRONMENTS.map(() =>
        cdTool === 'argocd' ? 'argocd-application' : 'flux-kustomization',
      ),
    );
  });
}

async function screenshot(page: Page, file: string) {
  await page.screenshot({ path: path.join(repoRoot, 'docs', file) });
}

test('from Create to Synced in the UI', async ({ page }) => {
  test.setTimeout(240_000);
  const name = appName('ui-shop');
  await signInAsGuest(page);
  await page.goto('/create');
  const card = page
    .locator('article, [class*="MuiCard-root"]')
    .filter({ hasText: 'GitOps app' })
    .first();
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('storefront');
  await page
    .getByRole('option', { name: /storefront/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Delivery: Argo CD, both environments, the demo image and port.
  await expect(page.getByText('Argo CD', { exact: true })).toBeVisible();
  for (const env of ENVIRONMENTS)
    await expect(page.getByRole('checkbox', { name: env })).toBeChecked();
  await screenshot(page, 'screenshot-scaffolder-form.png');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const open = page.getByRole('link', { name: 'Open the new entity' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );

  // The entity was just registered: reload until its page and cards show.
  await expect(async () => {
    const tile = page.getByRole('region', { name: 'staging deployment' });
    if (!(await tile.isVisible())) await page.reload();
    await expect(tile).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  for (const env of ENVIRONMENTS) {
    const tile = page.getByRole('region', { name: `${env} deployment` });
    await expect(tile.getByText('Synced', { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    await expect(tile.getByText('Argo CD', { exact: true })).toBeVisible();
  }
  await screenshot(page, 'screenshot-scaffolder-entity.png');
});
