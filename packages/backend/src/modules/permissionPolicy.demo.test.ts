import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
} from '@gitops-console/plugin-gitops-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import demoPolicy from './permissionPolicy';

/**
 * The demo's sign-in and policy together, on real parts: the repository's
 * app-config.yaml, the guest provider, the catalog loading demo/catalog, the
 * permission backend with the demo policy, and Backstage's own token
 * services. Alice signs in as the guest and may act on team-storefront's
 * services only.
 */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
jest.setTimeout(120_000);

let baseUrl: string;
let work: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-policy-'));
  // JSON is YAML: the test's differences from the demo's config.
  const overrides = path.join(work, 'app-config.test.yaml');
  fs.writeFileSync(
    overrides,
    JSON.stringify({
      auth: {
        providers: {
          guest: {
            // Jest runs outside NODE_ENV=development, where the guest refuses.
            dangerouslyAllowOutsideDevelopment: true,
            // The claims used only when the catalog lacks alice: replaced
            // here so the test shows hers come from the catalog.
            ownershipEntityRefs: ['user:default/not-from-the-catalog'],
          },
        },
      },
      catalog: {
        locations: [
          { type: 'file', target: path.join(repoRoot, 'catalog-info.yaml') },
        ],
      },
    }),
  );
  const backend = await startTestBackend({
    features: [
      rootConfigServiceFactory({
        argv: [
          'node',
          'backend',
          '--config',
          path.join(repoRoot, 'app-config.yaml'),
          '--config',
          overrides,
        ],
        watch: false,
      }),
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      authPlugin,
      guestProvider,
      catalogPlugin,
      permissionPlugin,
      demoPolicy,
    ],
  });
  baseUrl = `http://localhost:${backend.server.port()}`;
  await waitForCatalog(['user:default/alice', 'component:default/inventory']);
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** Waits (bounded) until the catalog has processed these entities. */
async function waitForCatalog(refs: string[]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const token = await guestToken();
    const response = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ entityRefs: refs }),
    });
    const body = response.ok ? await response.json() : { items: [] };
    // An entity with relations has been through the processing loop.
    if (body.items.every((e: any) => e?.relations?.length > 0)) return;
    if (Date.now() > deadline) {
      throw new Error(`the catalog did not load ${refs.join(', ')} in 60 s`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

async function guestSession() {
  const response = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(response.status).toBe(200);
  return (await response.json()).backstageIdentity as {
    token: string;
    identity: { userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

async function guestToken() {
  return (await guestSession()).token;
}

async function authorize(
  token: string | undefined,
  entityRef: string,
): Promise<{ rollback: string; sync: string }> {
  const response = await fetch(`${baseUrl}/api/permission/authorize`, {
    method: 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      items: [
        gitopsDeploymentRollbackPermission,
        gitopsDeploymentSyncPermission,
      ].map((permission, i) => ({
        id: String(i),
        permission,
        resourceRef: entityRef,
      })),
    }),
  });
  if (!response.ok) {
    throw new Error(`authorize: ${response.status} ${await response.text()}`);
  }
  const { items } = await response.json();
  return { rollback: items[0].result, sync: items[1].result };
}

describe('the demo sign-in and permission policy', () => {
  it('signs the guest in as alice, claiming herself and team-storefront from the catalog', async () => {
    const { identity } = await guestSession();
    expect(identity.userEntityRef).toBe('user:default/alice');
    expect([...identity.ownershipEntityRefs].sort()).toEqual([
      'group:default/team-storefront',
      'user:default/alice',
    ]);
  });

  it.each(['inventory', 'checkout', 'catalog-search'])(
    'allows alice both GitOps actions on team-storefront’s %s',
    async name => {
      await expect(
        authorize(await guestToken(), `component:default/${name}`),
      ).resolves.toEqual({ rollback: 'ALLOW', sync: 'ALLOW' });
    },
  );

  it.each(['payments-api', 'notifications'])(
    'denies alice both GitOps actions on team-payments’ %s',
    async name => {
      await expect(
        authorize(await guestToken(), `component:default/${name}`),
      ).resolves.toEqual({ rollback: 'DENY', sync: 'DENY' });
    },
  );

  it('refuses a request without credentials', async () => {
    await expect(
      authorize(undefined, 'component:default/inventory'),
    ).rejects.toThrow(/authorize: 401/);
  });
});
