import type { Entity } from '@backstage/catalog-model';
import {
  InvalidAnnotationError,
  locateResources,
  matchesQuery,
  type LocatableResource,
} from './locateResources';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

function located(
  annotations: Record<string, string>,
  resources: LocatableResource[],
) {
  const queries = locateResources(entity(annotations));
  return resources
    .filter(r => queries.some(q => matchesQuery(q, r)))
    .map(r => `${r.kind}:${r.namespace}/${r.name}`);
}

const resources: LocatableResource[] = [
  {
    kind: 'argocd-application',
    namespace: 'argocd',
    name: 'inventory-staging',
    project: 'storefront',
    labels: {},
  },
  {
    kind: 'argocd-application',
    namespace: 'argocd',
    name: 'inventory-production',
    project: 'default',
  },
  {
    kind: 'argocd-application',
    namespace: 'team-a',
    name: 'inventory-staging',
    project: 'storefront',
  },
  {
    kind: 'argocd-application',
    namespace: 'argocd',
    name: 'checkout-prod',
    project: 'storefront',
    labels: { 'app.kubernetes.io/part-of': 'checkout' },
  },
  {
    kind: 'flux-kustomization',
    namespace: 'flux-system',
    name: 'payments-api',
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  {
    kind: 'flux-helmrelease',
    namespace: 'payments',
    name: 'payments-api',
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  {
    kind: 'flux-kustomization',
    namespace: 'flux-system',
    name: 'payments-api-worker',
    labels: { 'backstage.io/kubernetes-id': 'payments-api-worker' },
  },
  {
    kind: 'flux-helmrelease',
    namespace: 'notifications',
    name: 'notifications',
    labels: { 'app.kubernetes.io/name': 'notifications' },
  },
  {
    kind: 'argocd-application',
    namespace: 'argocd',
    name: 'payments-api-ui',
    project: 'payments',
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  {
    kind: 'argocd-application',
    namespace: 'team-b',
    name: 'payments-api-copy',
    project: 'default',
    labels: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
];

describe('locateResources', () => {
  it.each([
    [
      'argocd/app-name, comma list trimmed, empty items ignored',
      { 'argocd/app-name': ' inventory-staging , ,inventory-production' },
      [
        'argocd-application:argocd/inventory-staging',
        'argocd-application:argocd/inventory-production',
        'argocd-application:team-a/inventory-staging',
      ],
    ],
    [
      'argocd/app-name limited by argocd/app-namespace',
      {
        'argocd/app-name': 'inventory-staging',
        'argocd/app-namespace': 'team-a',
      },
      ['argocd-application:team-a/inventory-staging'],
    ],
    [
      'argocd/app-name limited by argocd/project-name',
      {
        'argocd/app-name': 'inventory-staging,inventory-production',
        'argocd/project-name': 'storefront',
      },
      [
        'argocd-application:argocd/inventory-staging',
        'argocd-application:team-a/inventory-staging',
      ],
    ],
    [
      'argocd/app-selector',
      { 'argocd/app-selector': 'app.kubernetes.io/part-of=checkout' },
      ['argocd-application:argocd/checkout-prod'],
    ],
    [
      'backstage.io/kubernetes-id matches Argo CD and Flux by label, not by prefix',
      { 'backstage.io/kubernetes-id': 'payments-api' },
      [
        'flux-kustomization:flux-system/payments-api',
        'flux-helmrelease:payments/payments-api',
        'argocd-application:argocd/payments-api-ui',
        'argocd-application:team-b/payments-api-copy',
      ],
    ],
    [
      'backstage.io/kubernetes-id limited by argocd/project-name for Argo CD only',
      {
        'backstage.io/kubernetes-id': 'payments-api',
        'argocd/project-name': 'payments',
      },
      [
        'flux-kustomization:flux-system/payments-api',
        'flux-helmrelease:payments/payments-api',
        'argocd-application:argocd/payments-api-ui',
      ],
    ],
    [
      'backstage.io/kubernetes-id limited by argocd/app-namespace for Argo CD only',
      {
        'backstage.io/kubernetes-id': 'payments-api',
        'argocd/app-namespace': 'team-b',
      },
      [
        'flux-kustomization:flux-system/payments-api',
        'flux-helmrelease:payments/payments-api',
        'argocd-application:team-b/payments-api-copy',
      ],
    ],
    [
      'backstage.io/kubernetes-id limited by backstage.io/kubernetes-namespace',
      {
        'backstage.io/kubernetes-id': 'payments-api',
        'backstage.io/kubernetes-namespace': 'flux-system',
      },
      ['flux-kustomization:flux-system/payments-api'],
    ],
    [
      'backstage.io/kubernetes-label-selector',
      {
        'backstage.io/kubernetes-label-selector':
          'app.kubernetes.io/name in (notifications)',
      },
      ['flux-helmrelease:notifications/notifications'],
    ],
    ['no GitOps annotation', { 'backstage.io/techdocs-ref': 'dir:.' }, []],
    [
      'environments alone locates nothing',
      { 'gitops.backstage.io/environments': 'staging' },
      [],
    ],
  ])('%s', (_name, annotations, expected) => {
    expect(located(annotations, resources)).toEqual(expected);
  });

  it.each([
    [
      'argocd/app-selector',
      'app in (',
      /argocd\/app-selector: invalid label selector 'app in \('/,
    ],
    [
      'backstage.io/kubernetes-label-selector',
      'bad key=x',
      /backstage\.io\/kubernetes-label-selector: invalid label selector/,
    ],
    ['argocd/app-name', ' , ', /argocd\/app-name: names no Application/],
    [
      'backstage.io/kubernetes-id',
      '  ',
      /backstage\.io\/kubernetes-id: the id is empty/,
    ],
    // Found by locateResources.property.test.ts: selector syntax in the id
    // used to add requirements (`a,b` also required a label `b`).
    [
      'backstage.io/kubernetes-id',
      'a,b',
      /backstage\.io\/kubernetes-id: 'a,b' is not a valid label value/,
    ],
    [
      'backstage.io/kubernetes-id',
      '=a',
      /backstage\.io\/kubernetes-id: '=a' is not a valid label value/,
    ],
  ])('rejects a malformed %s naming it', (annotation, value, message) => {
    let error: unknown;
    try {
      locateResources(entity({ [annotation]: value }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).annotation).toBe(annotation);
    expect((error as Error).message).toMatch(message);
  });
});
