import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

/**
 * Names outside the catalog's rules are refused by the plugin's own check
 * with a 400 naming the field, before the catalog is asked.
 */
describe('entity names in request paths', () => {
  let server: any;
  const catalog = catalogServiceMock.mock();

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    server = backend.server;
  });

  it.each([
    ['an emoji name', 'default/component/inventory-%F0%9F%9A%80', 'name'],
    ['a control character', 'default/component/inv%00entory', 'name'],
    [
      'a newline in the namespace',
      'de%0Afault/component/inventory',
      'namespace',
    ],
    ['an over-long name', `default/component/${'a'.repeat(300)}`, 'name'],
    ['a kind with punctuation', 'default/com%2Cponent/inventory', 'kind'],
    ['a name with a slash', 'default/component/a%2Fb', 'name'],
  ])('%s: 400 from our validation', async (_what, ref, field) => {
    catalog.getEntityByRef.mockClear();
    for (const view of ['deployments', 'history']) {
      const res = await request(server)
        .get(`/api/gitops/entities/${ref}/${view}`)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(
        new RegExp(`^Invalid entity ${field} `),
      );
      expect(res.body.error.stack).toBeUndefined();
    }
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('asks the catalog for a valid name and answers 404 when it has none', async () => {
    catalog.getEntityByRef.mockResolvedValue(undefined);
    const res = await request(server)
      .get('/api/gitops/entities/default/component/inventory/deployments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(catalog.getEntityByRef).toHaveBeenCalled();
  });
});
