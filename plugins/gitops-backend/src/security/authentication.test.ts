import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';
import { spec } from '../schema/openapi/generated/router';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  unauthenticated: boolean;
}

/** Every operation of the OpenAPI spec, so new endpoints are covered too. */
function operations(): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(
    spec.paths as Record<string, any>,
  )) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const security: unknown[] | undefined = op.security;
      result.push({
        method,
        path,
        operationId: op.operationId,
        // `security: [{}]` marks an operation open to anonymous callers.
        unauthenticated:
          Array.isArray(security) &&
          security.some(s => Object.keys(s as object).length === 0),
      });
    }
  }
  return result;
}

/** A concrete URL for a templated path: an entity that exists, an id. */
function concrete(path: string): string {
  const values: Record<string, string> = {
    namespace: 'default',
    kind: 'component',
    name: 'inventory',
  };
  return `/api/gitops${path.replace(
    /\{(\w+)\}/g,
    (_m, p) => values[p] ?? 'x',
  )}`;
}

/** What a call without a token gets. */
function withoutToken(path: string): object {
  if (path === '/health') return { status: 200 };
  if (path === '/webhooks/github') {
    // Open to GitHub, which cannot send a Backstage token: the signature
    // is the check.
    return {
      status: 401,
      body: {
        error: { message: expect.stringMatching(/X-Hub-Signature-256/) },
      },
    };
  }
  return { status: 401, body: { error: { name: 'AuthenticationError' } } };
}

describe('authentication of every endpoint', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'inventory', namespace: 'default' },
              spec: { type: 'service', lifecycle: 'production', owner: 'a' },
            },
          ],
        }),
        // The test backend would otherwise treat a tokenless call as a user's.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: { gitops: { webhooks: { github: { secret: 'whsec' } } } },
        }),
      ],
    });
    server = backend.server;
  });

  it('knows the operations, and only /health and the webhook are open', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(5);
    expect(
      ops.filter(o => o.unauthenticated).map(o => `${o.method} ${o.path}`),
    ).toEqual(['get /health', 'post /webhooks/github']);
  });

  it.each(operations().map(o => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s without a token',
    async (_name, op) => {
      const res = await (request(server) as any)
        [op.method](concrete(op.path))
        .set('content-type', 'application/json')
        .send(op.method === 'get' ? undefined : '{}');
      expect({ status: res.status, body: res.body }).toMatchObject(
        withoutToken(op.path),
      );
    },
  );

  it.each([
    ['get', '/.backstage/actions/v1/actions'],
    ['post', '/.backstage/actions/v1/actions/gitops:query-fleet/invoke'],
    [
      'post',
      '/.backstage/actions/v1/actions/gitops:get-entity-deployments/invoke',
    ],
  ])(
    'the actions registry route %s %s without a token',
    async (method, path) => {
      const res = await (request(server) as any)
        [method](`/api/gitops${path}`)
        .set('content-type', 'application/json')
        .send(method === 'get' ? undefined : '{}');
      expect(res.status).toBe(401);
    },
  );

  it.each(
    operations()
      .filter(o => !o.unauthenticated)
      .map(o => [`${o.method.toUpperCase()} ${o.path}`, o]),
  )('%s with a user token is not refused', async (_name, op) => {
    const res = await (request(server) as any)
      [op.method](concrete(op.path))
      .set('authorization', mockCredentials.user.header())
      .set('content-type', 'application/json')
      .send(op.method === 'get' ? undefined : '{}');
    expect(res.status).not.toBe(401);
    expect(res.status).toBeLessThan(500);
  });
});
