import type { Entity } from '@backstage/catalog-model';
import {
  fillTheRootMapOfEmptyObjects,
  unsharedShapes,
} from '../cluster/__testUtils__/hiddenClasses';
import { slimEntity } from './EntityMirror';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `url:https://git.example.com/${name}`,
      'argocd/app-selector': `app.kubernetes.io/instance=${name}`,
    },
  },
  spec: { owner: 'team-a', type: 'service', lifecycle: 'production' },
});

describe('slimEntity in a large process', () => {
  beforeAll(fillTheRootMapOfEmptyObjects);

  it('gives the kept annotations of two entities one hidden class', () => {
    const [a, b] = [slimEntity(entity('a')), slimEntity(entity('b'))];
    expect(Object.keys(a.metadata.annotations!)).toEqual([
      'argocd/app-selector',
    ]);
    expect(unsharedShapes(a, b)).toEqual([]);
  });
});
