import type { Entity } from '@backstage/catalog-model';
import fc from 'fast-check';
import {
  GITOPS_ANNOTATIONS,
  getGitOpsAnnotations,
  isGitOpsAvailable,
  parseCommaList,
} from './annotations';

// Bounded and seeded so CI time is fixed and a failure replays.
const runs = { numRuns: 300, seed: 15_2026 };

const KNOWN = Object.values(GITOPS_ANNOTATIONS);

const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const blank = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\u00a0'), { maxLength: 3 })
  .map(c => c.join(''));

/** An item as a list holds it: no comma, no surrounding whitespace. */
const item = anyString
  .map(s => s.replace(/,/g, '').trim())
  .filter(s => s.length > 0);

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

describe('parseCommaList (properties)', () => {
  it('never throws; items are trimmed, non-empty and comma-free', () => {
    fc.assert(
      fc.property(anyString, value => {
        const items = parseCommaList(value);
        for (const i of items) {
          expect(i).toBe(i.trim());
          expect(i.length).toBeGreaterThan(0);
          expect(i).not.toContain(',');
        }
        expect(items.length).toBeLessThanOrEqual(value.split(',').length);
      }),
      runs,
    );
  });

  it('round-trips a list written with any spacing and empty entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(item, blank, blank, fc.boolean()), { maxLength: 6 }),
        entries => {
          const written = entries
            .map(
              ([i, before, after, extraComma]) =>
                `${before}${i}${after}${extraComma ? `,${before}` : ''}`,
            )
            .join(',');
          expect(parseCommaList(written)).toEqual(entries.map(([i]) => i));
        },
      ),
      runs,
    );
  });

  it('is idempotent: parsing the joined result gives it back', () => {
    fc.assert(
      fc.property(anyString, value => {
        const items = parseCommaList(value);
        expect(parseCommaList(items.join(','))).toEqual(items);
      }),
      runs,
    );
  });
});

describe('getGitOpsAnnotations (properties)', () => {
  const annotations = fc.dictionary(
    fc.oneof(fc.constantFrom(...KNOWN), fc.string(), fc.constant('argocd/x')),
    fc.oneof(anyString, blank),
    { maxKeys: 8, noNullPrototype: true },
  );

  it('keeps exactly the known annotations with a non-blank value, unchanged', () => {
    fc.assert(
      fc.property(annotations, given => {
        const found = getGitOpsAnnotations(entityWith(given));
        const expected = Object.fromEntries(
          Object.entries(given).filter(
            ([k, v]) => (KNOWN as string[]).includes(k) && v.trim().length > 0,
          ),
        );
        expect(found).toEqual(expected);
        expect(isGitOpsAvailable(entityWith(given))).toBe(
          Object.keys(expected).length > 0,
        );
      }),
      runs,
    );
  });

  it('is not affected by unrelated annotations', () => {
    fc.assert(
      fc.property(
        annotations,
        fc.dictionary(
          fc.string().filter(k => !(KNOWN as string[]).includes(k)),
          anyString,
          { maxKeys: 4, noNullPrototype: true },
        ),
        (given, unrelated) => {
          expect(
            getGitOpsAnnotations(entityWith({ ...unrelated, ...given })),
          ).toEqual(getGitOpsAnnotations(entityWith(given)));
        },
      ),
      runs,
    );
  });
});
