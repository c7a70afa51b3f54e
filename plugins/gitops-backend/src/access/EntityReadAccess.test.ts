import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityReadAccess } from './EntityReadAccess';

const entity = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
});

describe('EntityReadAccess', () => {
  const catalog = catalogServiceMock({
    entities: [entity('checkout'), entity('payments')],
  });

  it('reads nothing from the catalog when the policy allows reading outright', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const access = new EntityReadAccess({ permissions, catalog });
    await expect(access.scope(mockCredentials.user())).resolves.toEqual({
      all: true,
    });
    expect(queryEntities).not.toHaveBeenCalled();
    queryEntities.mockRestore();
  });

  it('asks the catalog with the caller\u2019s credentials on a conditional decision', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {},
        },
      },
    ]);
    const credentials = mockCredentials.user('user:default/alice');
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const access = new EntityReadAccess({ permissions, catalog });
    const scope = await access.scope(credentials);
    expect(scope.all).toBe(false);
    expect(scope.all === false && [...scope.refs].sort()).toEqual([
      'component:default/checkout',
      'component:default/payments',
    ]);
    expect(queryEntities.mock.calls[0][1]).toEqual({ credentials });
    // Kept per principal for a while: a second page view asks nobody.
    await access.scope(credentials);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    // Another user is asked separately.
    await access.scope(mockCredentials.user('user:default/bob'));
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);
    queryEntities.mockRestore();
  });

  it('gives a denied caller no entity at all', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.DENY },
    ]);
    const access = new EntityReadAccess({ permissions, catalog });
    const scope = await access.scope(mockCredentials.user());
    expect(scope).toMatchObject({ all: false });
    expect(scope.all === false && scope.refs.size).toBe(0);
  });
});
