import { locateResources } from '../locator/locateResources';
import { QueryRegistry, ResourceMatcher, resourceKey } from './ResourceMatcher';
import type { IndexedResource } from './ResourceMatcher';

function resource(
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<IndexedResource> = {},
): IndexedResource {
  const kind = extra.kind ?? 'argocd-application';
  const namespace = extra.namespace ?? 'argocd';
  const cluster = extra.cluster ?? 'prod';
  return {
    key: resourceKey(cluster, kind, namespace, name),
    cluster,
    kind,
    namespace,
    name,
    labels,
    ...extra,
  };
}

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

const queriesOf = (annotations: Record<string, string>) =>
  locateResources(entity(annotations));

describe('ResourceMatcher', () => {
  const matcher = new ResourceMatcher();
  matcher.upsert(
    resource('checkout-prod', { 'backstage.io/kubernetes-id': 'checkout' }),
  );
  matcher.upsert(
    resource('checkout-stg', { 'backstage.io/kubernetes-id': 'checkout' }),
  );
  matcher.upsert(
    resource('search', { 'backstage.io/kubernetes-id': 'search', tier: 'web' }),
  );
  matcher.upsert(
    resource(
      'payments',
      { 'backstage.io/kubernetes-id': 'payments' },
      {
        kind: 'flux-kustomization',
        namespace: 'flux-system',
      },
    ),
  );

  const names = (annotations: Record<string, string>) =>
    queriesOf(annotations)
      .flatMap(q => matcher.match(q))
      .map(r => r.name)
      .sort();

  it.each([
    [{ 'argocd/app-name': 'search' }, ['search']],
    [
      { 'argocd/app-name': 'search, checkout-prod' },
      ['checkout-prod', 'search'],
    ],
    [
      { 'backstage.io/kubernetes-id': 'checkout' },
      ['checkout-prod', 'checkout-stg'],
    ],
    [{ 'backstage.io/kubernetes-id': 'payments' }, ['payments']],
    [{ 'argocd/app-selector': 'tier in (web,api)' }, ['search']],
    [{ 'argocd/app-selector': '!tier' }, ['checkout-prod', 'checkout-stg']],
    [
      { 'backstage.io/kubernetes-label-selector': 'tier notin (web)' },
      ['checkout-prod', 'checkout-stg', 'payments'],
    ],
    [{ 'argocd/app-name': 'payments' }, []], // a Kustomization is no Application
    [
      {
        'backstage.io/kubernetes-id': 'checkout',
        'backstage.io/kubernetes-namespace': 'other',
      },
      [],
    ],
  ])('%j names %j', (annotations, expected) => {
    expect(names(annotations)).toEqual(expected);
  });

  it('follows label changes and deletions', () => {
    const m = new ResourceMatcher();
    const before = resource('a', { 'backstage.io/kubernetes-id': 'one' });
    m.upsert(before);
    const [one] = queriesOf({ 'backstage.io/kubernetes-id': 'one' });
    const [two] = queriesOf({ 'backstage.io/kubernetes-id': 'two' });
    expect(m.match(one).map(r => r.name)).toEqual(['a']);
    const previous = m.upsert(
      resource('a', { 'backstage.io/kubernetes-id': 'two' }),
    );
    expect(previous).toEqual(before);
    expect(m.match(one)).toEqual([]);
    expect(m.match(two).map(r => r.name)).toEqual(['a']);
    m.delete(before.key);
    expect(m.match(two)).toEqual([]);
    expect(m.size).toBe(0);
  });
});

describe('QueryRegistry', () => {
  it('finds the entities whose queries may name a resource, and only those', () => {
    const registry = new QueryRegistry();
    registry.set(
      'component:default/checkout',
      queriesOf({ 'backstage.io/kubernetes-id': 'checkout' }),
    );
    registry.set(
      'component:default/search',
      queriesOf({ 'argocd/app-name': 'search' }),
    );
    registry.set(
      'component:default/web',
      queriesOf({ 'argocd/app-selector': '!internal' }),
    );
    registry.set(
      'component:default/none',
      queriesOf({ 'argocd/app-name': 'nothing' }),
    );

    expect(
      registry
        .entitiesFor(
          resource('checkout-prod', {
            'backstage.io/kubernetes-id': 'checkout',
          }),
        )
        .sort(),
    ).toEqual(['component:default/checkout', 'component:default/web']);
    expect(
      registry.entitiesFor(resource('search', { internal: 'yes' })),
    ).toEqual(['component:default/search']);

    registry.delete('component:default/web');
    expect(registry.entitiesFor(resource('other'))).toEqual([]);
  });
});
