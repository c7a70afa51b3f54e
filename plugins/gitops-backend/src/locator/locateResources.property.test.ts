// A property's assertions depend on the generated input by nature.
/* eslint-disable jest/no-conditional-expect */
import type { Entity } from '@backstage/catalog-model';
import {
  GITOPS_ANNOTATIONS,
  parseCommaList,
} from '@gitops-console/plugin-gitops-common';
import fc from 'fast-check';
import { parseLabelSelector } from './labelSelector';
import {
  InvalidAnnotationError,
  locateResources,
  matchesQuery,
  type LocatableResource,
} from './locateResources';
import {
  labelKey,
  labelName,
  labelValue,
  labels,
  propertyRuns,
} from './__testUtils__/labelArbitraries';

const A = GITOPS_ANNOTATIONS;
const KNOWN = Object.values(A) as string[];
const ID_LABEL = 'backstage.io/kubernetes-id';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

/** Annotation values: anything, or something close to valid. */
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  labelName,
  fc.tuple(labelKey, labelValue).map(([k, v]) => `${k}=${v}`),
  fc
    .array(fc.constantFrom('a', ',', ' ', '=', '!', 'in', '(', ')', 'x/y'), {
      maxLength: 8,
    })
    .map(t => t.join('')),
);

const annotations = fc.dictionary(fc.constantFrom(...KNOWN), value, {
  maxKeys: KNOWN.length,
  noNullPrototype: true,
});

const kind = fc.constantFrom(
  'argocd-application' as const,
  'flux-kustomization' as const,
  'flux-helmrelease' as const,
);

const resource: fc.Arbitrary<LocatableResource> = fc.record({
  kind,
  namespace: fc.constantFrom('argocd', 'flux-system', 'team-a'),
  name: labelName,
  labels,
  project: fc.constantFrom('default', 'storefront'),
});

/** Locates, or returns the error when the annotations are refused. */
function tryLocate(given: Record<string, string>) {
  try {
    return { queries: locateResources(entity(given)) };
  } catch (error) {
    return { error };
  }
}

describe('locateResources (properties)', () => {
  it('either locates or refuses with an InvalidAnnotationError naming an annotation the entity carries', () => {
    fc.assert(
      fc.property(annotations, given => {
        const { queries, error } = tryLocate(given);
        if (error) {
          expect(error).toBeInstanceOf(InvalidAnnotationError);
          const invalid = error as InvalidAnnotationError;
          expect(Object.keys(given)).toContain(invalid.annotation);
          expect(invalid.message).toContain(`annotation ${invalid.annotation}`);
          return;
        }
        for (const q of queries!) {
          expect(Object.keys(given)).toContain(q.annotation);
        }
      }),
      propertyRuns,
    );
  });

  it('makes one query per Application name in argocd/app-name', () => {
    fc.assert(
      fc.property(value, raw => {
        const { queries, error } = tryLocate({ [A.argocdAppName]: raw });
        const names = parseCommaList(raw);
        if (names.length === 0) {
          expect(error).toBeInstanceOf(InvalidAnnotationError);
          return;
        }
        expect(queries!.map(q => q.name)).toEqual(names);
      }),
      propertyRuns,
    );
  });

  it('reads a label-selector annotation as parseLabelSelector does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(A.argocdAppSelector, A.kubernetesLabelSelector),
        value,
        (annotation, raw) => {
          const { queries, error } = tryLocate({ [annotation]: raw });
          let expected;
          try {
            expected = parseLabelSelector(raw);
          } catch {
            expect(error).toBeInstanceOf(InvalidAnnotationError);
            return;
          }
          expect(queries![0].selector).toEqual(expected);
        },
      ),
      propertyRuns,
    );
  });

  it('reads backstage.io/kubernetes-id as one label value, never as selector syntax', () => {
    // Ids with selector syntax around a valid value: `=a`, `a,b`, `a, !c`.
    const injected = fc
      .tuple(
        fc.constantFrom('', '=', '!', ' '),
        labelName,
        fc.constantFrom('', ',b', ', !c', ',x=y', ' in (a)'),
      )
      .map(parts => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(value, injected), raw => {
        const { queries, error } = tryLocate({ [A.kubernetesId]: raw });
        if (error) {
          expect(error).toBeInstanceOf(InvalidAnnotationError);
          return;
        }
        expect(queries![0].selector).toEqual([
          { key: ID_LABEL, op: 'in', values: [raw.trim()] },
        ]);
      }),
      propertyRuns,
    );
  });

  it('finds exactly the resources labelled with the kubernetes-id, in its namespace', () => {
    fc.assert(
      fc.property(
        labelName,
        fc.option(fc.constantFrom('flux-system', 'team-a'), { nil: undefined }),
        fc.array(
          fc.tuple(resource, fc.boolean()).map(([r, labelled]) => ({
            r,
            labelled,
          })),
          { maxLength: 6 },
        ),
        (id, namespace, items) => {
          const given: Record<string, string> = { [A.kubernetesId]: id };
          if (namespace) given[A.kubernetesNamespace] = namespace;
          const queries = locateResources(entity(given));
          for (const { r, labelled } of items) {
            const labelledR = {
              ...r,
              labels: { ...r.labels, [ID_LABEL]: labelled ? id : `${id}-x` },
            };
            const expected =
              labelled && (!namespace || r.namespace === namespace);
            expect(queries.some(q => matchesQuery(q, labelledR))).toBe(
              expected,
            );
          }
        },
      ),
      propertyRuns,
    );
  });

  it('limits Argo CD resources only by argocd/project-name', () => {
    fc.assert(
      fc.property(labelName, resource, (id, r) => {
        const labelled = { ...r, labels: { ...r.labels, [ID_LABEL]: id } };
        const queries = locateResources(
          entity({ [A.kubernetesId]: id, [A.argocdProjectName]: 'storefront' }),
        );
        expect(queries.some(q => matchesQuery(q, labelled))).toBe(
          r.kind !== 'argocd-application' || r.project === 'storefront',
        );
      }),
      propertyRuns,
    );
  });
});
