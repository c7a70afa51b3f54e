import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityMirror, type EntityChange } from './EntityMirror';

function component(
  name: string,
  annotations: Record<string, string>,
  etag = '1',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', etag, annotations },
    spec: {
      owner: 'group:default/team-a',
      type: 'service',
      profile: { big: 'x'.repeat(1000) },
    },
  };
}

describe('EntityMirror', () => {
  function mirror(entities: Entity[]) {
    const catalog = catalogServiceMock({ entities });
    const m = new EntityMirror({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      refreshSeconds: 3600,
    });
    const changes: EntityChange[] = [];
    m.onChange(c => changes.push(c));
    return { m, changes };
  }

  it('holds the GitOps entities with only what views read', async () => {
    const { m, changes } = mirror([
      component('checkout', {
        'backstage.io/kubernetes-id': 'checkout',
        'gitops.backstage.io/environments': 'staging,production',
        'example.com/huge': 'y'.repeat(10_000),
      }),
      component('docs', { 'backstage.io/techdocs-ref': 'dir:.' }),
    ]);
    await m.refresh();
    m.stop();
    expect(m.isLoaded).toBe(true);
    expect(changes.map(c => [c.type, c.entityRef])).toEqual([
      ['upsert', 'component:default/checkout'],
    ]);
    const entity = m.get('component:default/checkout')!;
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'checkout',
      'gitops.backstage.io/environments': 'staging,production',
    });
    expect(entity.spec).toEqual({
      owner: 'group:default/team-a',
      type: 'service',
    });
    expect(m.lookup('Component:Default/CHECKOUT')).toBe(entity);
  });

  it('passes on only real changes when an entity is admitted', async () => {
    const { m, changes } = mirror([]);
    const first = component('new', { 'argocd/app-name': 'new' }, 'a');
    expect(m.admit(first)).toBe(true);
    expect(m.admit(first)).toBe(false);
    expect(
      m.admit(component('new', { 'argocd/app-name': 'new,other' }, 'b')),
    ).toBe(true);
    expect(changes).toHaveLength(2);
    expect(m.size).toBe(1);
  });

  it('passes on deletions found by the next read', async () => {
    const { m, changes } = mirror([]);
    m.admit(component('gone', { 'argocd/app-name': 'gone' }));
    await m.refresh();
    expect(changes.map(c => c.type)).toEqual(['upsert', 'delete']);
    expect(m.get('component:default/gone')).toBeUndefined();
  });

  it('keeps what it has when the catalog cannot be read', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    jest
      .spyOn(catalog, 'queryEntities')
      .mockRejectedValue(new Error('catalog down'));
    const logger = mockServices.logger.mock();
    const m = new EntityMirror({
      catalog,
      auth: mockServices.auth(),
      logger,
      refreshSeconds: 3600,
    });
    m.admit(component('kept', { 'argocd/app-name': 'kept' }));
    await m.refresh();
    expect(m.get('component:default/kept')).toBeDefined();
    expect(m.isLoaded).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog down'),
    );
  });
});
