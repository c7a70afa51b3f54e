import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { DeploymentService } from '../deployments/DeploymentService';
import type { FleetService } from '../fleet/FleetService';
import { registerReadActions } from './registerReadActions';

const inventory: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory',
    namespace: 'default',
    annotations: { 'argocd/app-name': 'inventory' },
  },
  spec: {},
};

function setup() {
  const registry = actionsRegistryServiceMock();
  const forEntity = jest.fn(async (entity: Entity) => ({
    entityRef: `component:default/${entity.metadata.name}`,
    observedAt: '2026-11-26T12:00:00Z',
    deployments: [],
    problems: [],
  }));
  const query = jest.fn(async () => ({
    observedAt: '2026-11-26T12:00:00Z',
    items: [],
    totalItems: 0,
    totals: {},
    offset: 0,
    limit: 50,
  }));
  registerReadActions({
    actionsRegistry: registry,
    catalog: catalogServiceMock({ entities: [inventory] }),
    deployments: { forEntity } as unknown as DeploymentService,
    fleet: { query } as unknown as FleetService,
  });
  return { registry, forEntity, query };
}

describe('read-only GitOps actions', () => {
  it('are registered as read-only, idempotent actions', async () => {
    const { registry } = setup();
    const { actions } = await registry.list();
    expect(actions.map(a => [a.id, a.attributes])).toEqual([
      [
        'test:get-entity-deployments',
        { readOnly: true, destructive: false, idempotent: true },
      ],
      [
        'test:query-fleet',
        { readOnly: true, destructive: false, idempotent: true },
      ],
    ]);
  });

  it('answers the deployments of an entity', async () => {
    const { registry, forEntity } = setup();
    const { output } = await registry.invoke({
      id: 'test:get-entity-deployments',
      input: { entityRef: 'component:default/inventory' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({ entityRef: 'component:default/inventory' });
    expect(forEntity).toHaveBeenCalledWith(
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'inventory' }),
      }),
    );
  });

  it('says which entity is unknown', async () => {
    const { registry } = setup();
    await expect(
      registry.invoke({
        id: 'test:get-entity-deployments',
        input: { entityRef: 'component:default/nope' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/component:default\/nope/);
  });

  it('passes fleet filters through and rejects an unknown drift state', async () => {
    const { registry, query } = setup();
    await registry.invoke({
      id: 'test:query-fleet',
      input: { owner: ['team-a'], driftState: ['failing'] },
      credentials: mockCredentials.user(),
    });
    expect(query).toHaveBeenCalledWith(
      expect.objectContaining({ owner: ['team-a'], driftState: ['failing'] }),
      expect.anything(),
    );
    await expect(
      registry.invoke({
        id: 'test:query-fleet',
        input: { driftState: ['sideways'] },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/Invalid driftState 'sideways'/);
  });
});
