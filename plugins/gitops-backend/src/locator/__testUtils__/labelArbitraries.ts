import fc from 'fast-check';

/** Bounded and seeded so CI time is fixed and a failure replays. */
export const propertyRuns = { numRuns: 300, seed: 15_2026 };

const chars = (alphabet: string, min: number, max: number) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map(c => c.join(''));

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A label name or value: alphanumeric ends, `-_.` inside, 1–63 chars. */
export const labelName = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    chars(`${ALNUM}-_.`, 0, 61),
    fc.constantFrom(...ALNUM),
  )
  .map(([a, mid, z]) => `${a}${mid}${z}`)
  .chain(s => fc.constantFrom(s, s[0]));

/** A DNS-1123 label: lower-case alphanumeric ends, `-` inside. */
const dnsLabel = fc
  .tuple(
    fc.constantFrom(...LOWER_ALNUM),
    chars(`${LOWER_ALNUM}-`, 0, 10),
    fc.constantFrom(...LOWER_ALNUM),
  )
  .map(([a, mid, z]) => `${a}${mid}${z}`);

/** A label key as Kubernetes allows it: `[<dns-subdomain>/]<name>`. */
export const labelKey = fc
  .tuple(
    fc.option(fc.array(dnsLabel, { minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
    labelName,
  )
  .map(([prefix, name]) => (prefix ? `${prefix.join('.')}/${name}` : name));

/** A label value; empty is allowed. */
export const labelValue = fc.oneof(
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 9, arbitrary: labelName },
);

/** A label set with 0–6 labels. */
export const labels = fc.dictionary(labelKey, labelValue, {
  maxKeys: 6,
  noNullPrototype: true,
});

/** Whitespace the selector syntax allows around operators and commas. */
export const gap = fc.constantFrom('', ' ', '  ', '\t');
