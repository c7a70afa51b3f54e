import type { Entity } from '@backstage/catalog-model';
import {
  getGitOpsAnnotations,
  isGitOpsAvailable,
  parseCommaList,
} from './annotations';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'inventory', annotations },
    spec: {},
  };
}

describe('parseCommaList', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['a', ['a']],
    [' a , b ,, c ', ['a', 'b', 'c']],
    [',,', []],
  ])('parses %j as %j', (input, expected) => {
    expect(parseCommaList(input)).toEqual(expected);
  });
});

describe('isGitOpsAvailable', () => {
  it.each([
    ['argocd/app-name', 'inventory-prod'],
    ['argocd/app-selector', 'app=inventory'],
    ['backstage.io/kubernetes-id', 'inventory'],
    ['backstage.io/kubernetes-label-selector', 'app=inventory'],
    ['gitops.backstage.io/environments', 'staging,production'],
  ])('is true with %s', (key, value) => {
    expect(isGitOpsAvailable(entityWith({ [key]: value }))).toBe(true);
  });

  it('is false without annotations, or with blank or unrelated ones', () => {
    expect(isGitOpsAvailable(entityWith({}))).toBe(false);
    expect(isGitOpsAvailable(entityWith({ 'argocd/app-name': '  ' }))).toBe(
      false,
    );
    expect(
      isGitOpsAvailable(entityWith({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
  });
});

describe('getGitOpsAnnotations', () => {
  it('returns only the GitOps annotations', () => {
    expect(
      getGitOpsAnnotations(
        entityWith({
          'argocd/app-name': 'a,b',
          'backstage.io/kubernetes-namespace': 'shop',
          'github.com/project-slug': 'acme/inventory',
        }),
      ),
    ).toEqual({
      'argocd/app-name': 'a,b',
      'backstage.io/kubernetes-namespace': 'shop',
    });
  });
});
