import { expect, type Locator, type Page } from '@playwright/test';

/** Signs in with the demo's guest provider (alice, see app-config.yaml). */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}

/** Opens an entity's GitOps tab by URL and waits for its matrix. */
export async function openTab(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}/gitops`);
  await expect(
    page.getByRole('table', { name: 'Deployments by environment' }),
  ).toBeVisible();
}

/** The full SHA behind a short one shown in the UI (its title holds it). */
export async function fullSha(revision: Locator): Promise<string> {
  const sha = await revision.getAttribute('title');
  expect(sha).toMatch(/^[0-9a-f]{40}$/);
  return sha!;
}

/**
 * The short-SHA links inside `scope` (their title is the full SHA); other
 * elements with a title (clamped commit titles, times) are left out.
 */
export function shaLinks(scope: Locator): Locator {
  return scope.locator('a[title], code[title]');
}
