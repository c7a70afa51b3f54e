import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';

const screenshots = path.resolve(__dirname, '..', '..', '..', 'e2e-output');
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

test('the catalog lists the demo services', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/?filters[kind]=component&filters[user]=all');
  for (const name of demoServices) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: path.join(screenshots, 'catalog.png') });
});

for (const name of demoServices) {
  test(`${name} has a GitOps tab showing the backend's answer`, async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${name}`);
    const tab = page.getByRole('link', { name: 'GitOps', exact: true });
    await expect(tab).toBeVisible();
    await tab.click();
    await expect(page).toHaveURL(new RegExp(`/component/${name}/gitops$`));

    // Rendered from GET /api/gitops/health, through the plugin's API client.
    await expect(page.getByText('GitOps backend')).toBeVisible();
    await expect(page.getByText('demo-staging, demo-production')).toBeVisible();
    await expect(page.getByText('GitOps annotations')).toBeVisible();
    await expect(
      page.getByText('gitops.backstage.io/environments'),
    ).toBeVisible();
    await page.screenshot({
      path: path.join(screenshots, `gitops-tab-${name}.png`),
    });
  });
}

test('the GitOps tab is absent on an entity without GitOps annotations', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/gitops-console');
  await expect(
    page.getByRole('link', { name: 'Overview', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'GitOps', exact: true }),
  ).toHaveCount(0);
});
