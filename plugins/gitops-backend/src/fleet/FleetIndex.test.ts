import type { Entity } from '@backstage/catalog-model';
import type {
  Deployment,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import { FleetIndex } from './FleetIndex';

function entity(name: string, owner: string, tags: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', tags },
    spec: { owner, system: 'shop', lifecycle: 'production', type: 'service' },
  };
}

function deployment(
  name: string,
  overrides: Partial<Deployment> & { state?: Deployment['drift']['state'] },
): Deployment {
  const { state = 'in-sync', ...rest } = overrides;
  return {
    id: `prod/argocd/argocd-application/${name}`,
    cluster: 'prod',
    namespace: 'argocd',
    name,
    kind: 'argocd-application',
    environment: 'production',
    sources: [],
    syncStatus: 'Synced',
    health: 'Healthy',
    suspended: false,
    drift: { state, reasons: [], resources: [] },
    pendingCommits: [],
    pendingTruncated: false,
    history: [],
    links: {},
    ...rest,
  };
}

function answer(
  ref: string,
  deployments: Deployment[],
): EntityDeploymentsResponse {
  return { entityRef: ref, observedAt: '', deployments, problems: [] };
}

describe('FleetIndex', () => {
  const index = new FleetIndex();
  index.update(
    'component:default/checkout',
    entity('checkout', 'group:default/team-a', ['web']),
    answer('component:default/checkout', [
      deployment('checkout-prod', { state: 'behind', health: 'Progressing' }),
      deployment('checkout-stg', { environment: 'staging', cluster: 'stg' }),
    ]),
  );
  index.update(
    'component:default/payments',
    entity('payments', 'group:default/team-b'),
    answer('component:default/payments', [
      deployment('payments', {
        state: 'failing',
        health: 'Degraded',
        kind: 'flux-helmrelease',
      }),
    ]),
  );
  index.update(
    'component:default/search',
    entity('search', 'group:default/team-a'),
    answer('component:default/search', [
      deployment('search', { health: 'Missing' }),
    ]),
  );
  const all = { all: true } as const;

  it('filters, and counts drift states over every filter but drift', () => {
    const res = index.query(
      { owner: ['team-a'], driftState: ['in-sync'] },
      all,
    );
    expect(res.items.map(i => i.name)).toEqual(['checkout-stg', 'search']);
    expect(res.totalItems).toBe(2);
    expect(res.totals).toMatchObject({ 'in-sync': 2, behind: 1, failing: 0 });
  });

  it('sorts health by severity, worst first', () => {
    const res = index.query({ sort: 'health' }, all);
    expect(res.items.map(i => i.health)).toEqual([
      'Degraded',
      'Missing',
      'Progressing',
      'Healthy',
    ]);
    const desc = index.query({ sort: 'health', order: 'desc' }, all);
    expect(desc.items[0].health).toBe('Healthy');
  });

  it('gives the facets of every filter over what the caller may read', () => {
    const res = index.query({ driftState: ['failing'] }, all);
    expect(res.facets!.owner).toEqual([
      { value: 'group:default/team-a', count: 3 },
      { value: 'group:default/team-b', count: 1 },
    ]);
    expect(res.facets!.tool).toEqual([
      { value: 'argocd', count: 3 },
      { value: 'flux', count: 1 },
    ]);
    expect(res.facets!.tag).toEqual([{ value: 'web', count: 2 }]);
    expect(res.facets!.environment.map(f => f.value)).toEqual([
      'production',
      'staging',
    ]);
  });

  it('shows a scoped caller only the entities it may read, facets included', () => {
    const scope = {
      all: false as const,
      refs: new Set(['component:default/payments']),
      key: 'u1',
    };
    const res = index.query({}, scope);
    expect(res.items.map(i => i.entityRef)).toEqual([
      'component:default/payments',
    ]);
    expect(res.facets!.owner).toEqual([
      { value: 'group:default/team-b', count: 1 },
    ]);
    expect(JSON.stringify(res)).not.toContain('checkout');
  });

  it('pages, and follows a changed answer at once', () => {
    expect(
      index.query({ limit: 1, offset: 1 }, all).items.map(i => i.name),
    ).toEqual(['checkout-stg']);
    const before = index.query({ search: 'search' }, all);
    expect(before.items).toHaveLength(1);
    index.update('component:default/search', undefined, undefined);
    expect(index.query({ search: 'search' }, all).items).toHaveLength(0);
  });

  it('names an entity with a malformed annotation among the stale reasons', () => {
    const other = new FleetIndex();
    other.setError(
      'component:default/broken',
      'annotation argocd/app-selector: invalid',
    );
    const res = other.query({}, all);
    expect(res.staleReasons).toEqual([
      'component:default/broken: annotation argocd/app-selector: invalid',
    ]);
    expect(
      other.query({}, { all: false, refs: new Set(), key: 'x' }).staleReasons,
    ).toBeUndefined();
  });
});
