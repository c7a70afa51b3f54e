// A property's assertions depend on the generated input by nature.
/* eslint-disable jest/no-conditional-expect */
import fc from 'fast-check';
import {
  LabelSelectorSyntaxError,
  matchesLabels,
  parseLabelSelector,
  type LabelRequirement,
} from './labelSelector';
import {
  gap,
  labelKey,
  labelName,
  labelValue,
  labels,
  propertyRuns,
} from './__testUtils__/labelArbitraries';

/** A requirement together with one of the ways to write it. */
interface Written {
  text: string;
  parsed: LabelRequirement;
}

const requirement: fc.Arbitrary<Written> = fc.oneof(
  labelKey.map(
    (key): Written => ({ text: key, parsed: { key, op: 'exists' } }),
  ),
  fc.tuple(labelKey, gap).map(
    ([key, g]): Written => ({
      text: `!${g}${key}`,
      parsed: { key, op: 'doesnotexist' },
    }),
  ),
  fc
    .tuple(labelKey, labelValue, fc.constantFrom('=', '==', '!='), gap, gap)
    .map(
      ([key, value, op, g1, g2]): Written => ({
        text: `${key}${g1}${op}${g2}${value}`,
        parsed: { key, op: op === '!=' ? 'notin' : 'in', values: [value] },
      }),
    ),
  fc
    .tuple(
      labelKey,
      fc.constantFrom('in' as const, 'notin' as const),
      fc.array(labelName, { minLength: 1, maxLength: 4 }),
      gap,
      gap,
    )
    .map(
      ([key, op, values, g1, g2]): Written => ({
        text: `${key} ${g1}${op}${g1}(${g2}${values.join(`${g2},${g2}`)}${g2})`,
        parsed: { key, op, values },
      }),
    ),
);

const selector = fc.array(requirement, { minLength: 1, maxLength: 5 });
const join = (terms: { text: string }[], g: string) =>
  terms.map(t => t.text).join(`${g},${g}`);

/** The opposite requirement: it holds exactly when the given one fails. */
function negation(r: LabelRequirement): LabelRequirement {
  switch (r.op) {
    case 'exists':
      return { key: r.key, op: 'doesnotexist' };
    case 'doesnotexist':
      return { key: r.key, op: 'exists' };
    case 'in':
      return { key: r.key, op: 'notin', values: r.values };
    default:
      return { key: r.key, op: 'in', values: r.values };
  }
}

/** Labels that sometimes carry the requirement's key, with one of its values. */
const labelsFor = (r: LabelRequirement) =>
  fc
    .tuple(
      labels,
      fc.constantFrom(
        ...('values' in r ? r.values : []),
        undefined,
        'other',
        '',
      ),
    )
    .map(([base, value]) =>
      value === undefined ? base : { ...base, [r.key]: value },
    );

// Kubernetes' own rules (IsQualifiedName): an optional DNS-1123 subdomain
// prefix of at most 253 characters, and a name of at most 63.
function kubernetesAllowsKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const nameOk =
    name.length <= 63 &&
    /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
  if (parts.length === 1) return nameOk;
  const prefix = parts[0];
  return (
    nameOk &&
    prefix.length <= 253 &&
    prefix
      .split('.')
      .every(label => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label))
  );
}

const keyish = fc.oneof(
  fc
    .array(fc.constantFrom(...'aZ0-_./'), { maxLength: 12 })
    .map(c => c.join('')),
  fc
    .tuple(fc.integer({ min: 60, max: 70 }), fc.option(fc.constant('p.io/')))
    .map(([n, prefix]) => `${prefix ?? ''}${'k'.repeat(n)}`),
  fc.integer({ min: 250, max: 256 }).map(n => `${'p'.repeat(n)}/name`),
);

describe('parseLabelSelector (properties)', () => {
  it('round-trips selectors built from valid requirements, whatever the spacing', () => {
    fc.assert(
      fc.property(selector, gap, (terms, g) => {
        expect(parseLabelSelector(join(terms, g))).toEqual(
          terms.map(t => t.parsed),
        );
      }),
      propertyRuns,
    );
  });

  it('throws only LabelSelectorSyntaxError, naming the selector, on any input', () => {
    const tokens = fc
      .array(
        fc.constantFrom(
          'a',
          'b/c',
          '=',
          '==',
          '!=',
          '!',
          ' in ',
          ' notin ',
          '(',
          ')',
          ',',
          ' ',
          'x.y',
          '-',
        ),
        { maxLength: 10 },
      )
      .map(t => t.join(''));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tokens),
        input => {
          try {
            const parsed = parseLabelSelector(input);
            expect(parsed.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(LabelSelectorSyntaxError);
            expect((error as Error).message).toContain(
              `invalid label selector '${input}'`,
            );
          }
        },
      ),
      propertyRuns,
    );
  });

  it('accepts exactly the label keys Kubernetes allows', () => {
    fc.assert(
      fc.property(fc.oneof(keyish, labelKey), key => {
        let accepted = true;
        try {
          parseLabelSelector(key);
        } catch (error) {
          if (!(error instanceof LabelSelectorSyntaxError)) throw error;
          accepted = false;
        }
        expect(accepted).toBe(kubernetesAllowsKey(key));
      }),
      propertyRuns,
    );
  });
});

describe('matchesLabels (properties)', () => {
  it('matches the labels an equality selector was built from', () => {
    fc.assert(
      fc.property(
        labels.filter(l => Object.keys(l).length > 0),
        fc.infiniteStream(fc.boolean()),
        (set, pick) => {
          const entries = Object.entries(set).filter(() => pick.next().value);
          const chosen = entries.length > 0 ? entries : Object.entries(set);
          const text = chosen.map(([k, v]) => `${k}=${v}`).join(',');
          expect(matchesLabels(parseLabelSelector(text), set)).toBe(true);
          // The same selector fails once one chosen label changes value.
          const [key, value] = chosen[0];
          expect(
            matchesLabels(parseLabelSelector(text), {
              ...set,
              [key]: `${value}x`,
            }),
          ).toBe(false);
        },
      ),
      propertyRuns,
    );
  });

  it('holds for a requirement exactly when its negation fails', () => {
    fc.assert(
      fc.property(
        requirement.chain(r =>
          fc.tuple(fc.constant(r.parsed), labelsFor(r.parsed)),
        ),
        ([r, set]) => {
          expect(matchesLabels([negation(r)], set)).toBe(
            !matchesLabels([r], set),
          );
        },
      ),
      propertyRuns,
    );
  });

  it('is the AND of its requirements, in any order', () => {
    fc.assert(
      fc.property(selector, selector, labels, (a, b, set) => {
        const both = parseLabelSelector(`${join(a, '')},${join(b, ' ')}`);
        const reversed = parseLabelSelector(`${join(b, '')},${join(a, '')}`);
        const expected =
          matchesLabels(parseLabelSelector(join(a, '')), set) &&
          matchesLabels(parseLabelSelector(join(b, '')), set);
        expect(matchesLabels(both, set)).toBe(expected);
        expect(matchesLabels(reversed, set)).toBe(expected);
      }),
      propertyRuns,
    );
  });

  it('treats missing labels as absent, never as inherited properties', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf'),
        key => {
          expect(matchesLabels(parseLabelSelector(key), {})).toBe(false);
          expect(matchesLabels(parseLabelSelector(`!${key}`), {})).toBe(true);
          expect(
            matchesLabels(parseLabelSelector(`${key}!=x`), undefined),
          ).toBe(true);
        },
      ),
      propertyRuns,
    );
  });
});
