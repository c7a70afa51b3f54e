import fc from 'fast-check';
import { redactValue } from './redactValue';
import {
  propertyRuns,
  secret,
  secretUrl,
  userName,
  word,
} from './__testUtils__/secretUrls';

/** A string holding credentials. */
const secretString = fc.oneof(
  secretUrl.map(u => ({ text: u.url })),
  fc
    .tuple(word, secretUrl, word)
    .map(([a, u, b]) => ({ text: `${a} ${u.url} ${b}` })),
  // The scp form, which only URL fields recognise.
  fc.tuple(userName, secret).map(([u, s]) => ({
    text: `${u}:${s}@github.com:acme/deploy.git`,
    urlFieldOnly: true,
  })),
);

const KEYS = ['repoURL', 'url', 'reference', 'message', 'links', 'x'];

/** JSON-like trees with credentials in some leaves. */
const tree = fc.letrec(tie => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word,
    fc.integer(),
    fc.constant(null),
    secretString,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
})).node;

/** Places scp strings only under URL fields, other strings anywhere. */
function materialise(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map(v => materialise(v, key));
  if (value && typeof value === 'object' && 'text' in value) {
    const s = value as { text: string; urlFieldOnly?: boolean };
    return s.urlFieldOnly && !['repoURL', 'url', 'reference'].includes(key!)
      ? 'plain'
      : s.text;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, materialise(v, k)]),
    );
  }
  return value;
}

describe('redactValue (properties)', () => {
  it('leaves no credential anywhere in a JSON-like value, keeps its shape and does not change the input', () => {
    fc.assert(
      fc.property(
        tree.map(t => materialise(t)),
        value => {
          const before = JSON.stringify(value);
          const result = redactValue(value);
          // Every generated credential starts with SEKRIT; nothing else does.
          expect(JSON.stringify(result) ?? '').not.toContain('SEKRIT');
          expect(JSON.stringify(value)).toBe(before);
          expect(shape(result)).toEqual(shape(value));
          expect(redactValue(result)).toEqual(result);
        },
      ),
      propertyRuns,
    );
  });

  it('returns values without credentials equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), value => {
        const text = JSON.stringify(value);
        fc.pre(!text.includes('@') && !text.includes('://'));
        expect(redactValue(value)).toEqual(value);
      }),
      propertyRuns,
    );
  });
});

/** The keys and array lengths of a value, with every leaf replaced. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof value;
}
