import { projectionFor } from './projectResource';
import { WATCHED_KINDS, type WatchedKindId } from './watchedKinds';
import {
  realisticApplication,
  realisticFluxSource,
  realisticHelmRelease,
  realisticKustomization,
} from './__testUtils__/realisticResources';
import type { KubeObject } from './kubeObject';
import {
  fillTheRootMapOfEmptyObjects,
  haveSameMap,
  objectPairs,
  unsharedShapes,
} from './__testUtils__/hiddenClasses';

const project = (kind: WatchedKindId) =>
  projectionFor(WATCHED_KINDS.find(k => k.id === kind)!);

const CASES: Array<[WatchedKindId, (i: number) => KubeObject]> = [
  ['argocd-application', i => realisticApplication(i)],
  ['argocd-application', i => realisticApplication(i, { multiSource: true })],
  ['flux-kustomization', i => realisticKustomization(i)],
  ['flux-helmrelease', i => realisticHelmRelease(i)],
  ['flux-gitrepository', i => realisticFluxSource('GitRepository', `s-${i}`)],
];

describe('projected resources in a large process', () => {
  beforeAll(fillTheRootMapOfEmptyObjects);

  it('would give objects begun as {} a hidden class each (the premise)', () => {
    const a: Record<string, string> = {};
    a.repoURLOfThisTest = 'x';
    const b: Record<string, string> = {};
    b.repoURLOfThisTest = 'y';
    expect(haveSameMap(a, b)).toBe(false);
  });

  it.each(CASES)(
    'share hidden classes between two %s objects, at every level',
    (kind, make) => {
      const projection = project(kind);
      expect(unsharedShapes(projection(make(1)), projection(make(3)))).toEqual(
        [],
      );
    },
  );

  it('are plain objects to every reader', () => {
    const projected = project('argocd-application')(realisticApplication(1));
    for (const [object] of objectPairs(projected, projected)) {
      const proto = Object.getPrototypeOf(object);
      expect(proto === Object.prototype || proto === Array.prototype).toBe(
        true,
      );
    }
    expect(projected.constructor).toBe(Object);
    // Strict: the same prototypes and no undefined keys, as parsed JSON has.
    expect(projected).toStrictEqual(JSON.parse(JSON.stringify(projected)));
  });
});
