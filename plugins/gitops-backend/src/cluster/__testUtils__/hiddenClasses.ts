import v8 from 'node:v8';

// V8's own answer to "do these two objects share a hidden class?".
v8.setFlagsFromString('--allow-natives-syntax');
// eslint-disable-next-line no-new-func
export const haveSameMap = new Function(
  'a',
  'b',
  'return %HaveSameMap(a, b)',
) as (a: object, b: object) => boolean;
// Compiled above; later test files in this worker parse as usual.
v8.setFlagsFromString('--no-allow-natives-syntax');

/**
 * What a Backstage backend does to the root map of `{}`: thousands of
 * modules add their own first keys until its transition table (1,536 in
 * V8) is full. A test's process is small, so it fills the table itself.
 */
export function fillTheRootMapOfEmptyObjects() {
  for (let i = 0; i < 2_000; i++) {
    const o: Record<string, number> = {};
    o[`someone-elses-key-${i}`] = i;
  }
}

/** Pairs of objects at the same place in two trees of the same shape. */
export function* objectPairs(
  a: unknown,
  b: unknown,
  at = '$',
): Generator<[object, object, string]> {
  if (!a || typeof a !== 'object' || !b || typeof b !== 'object') return;
  yield [a, b, at];
  for (const key of Object.keys(a)) {
    yield* objectPairs(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${at}.${key}`,
    );
  }
}

/** The paths at which two trees of the same shape do not share hidden classes. */
export const unsharedShapes = (a: unknown, b: unknown) =>
  [...objectPairs(a, b)]
    .filter(([x, y]) => !haveSameMap(x, y))
    .map(([, , at]) => at);
