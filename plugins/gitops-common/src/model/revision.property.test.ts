// A property's assertions depend on the generated input by nature.
/* eslint-disable jest/no-conditional-expect */
import fc from 'fast-check';
import { parseRevision, revisionKey, sameRevision } from './revision';

// Bounded and seeded so CI time is fixed and a failure replays.
const runs = { numRuns: 300, seed: 15_2026 };

const hex = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdefABCDEF'), {
      minLength: min,
      maxLength: max,
    })
    .map(chars => chars.join(''));
const fullSha = fc.oneof(hex(40, 40), hex(64, 64));
const hex64 = hex(64, 64).map(h => h.toLowerCase());

// Branch and tag names as Git allows them (no `@`, which splits the Flux form).
const segment = fc
  .array(
    fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.',
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map(chars => chars.join(''))
  .filter(s => !s.startsWith('.') && !s.endsWith('.') && !s.includes('..'));
const refName = fc
  .array(segment, { minLength: 1, maxLength: 3 })
  .map(parts => parts.join('/'));
const fullRef = fc.oneof(
  refName.map(r => ({ raw: r, short: r })),
  refName.map(r => ({ raw: `refs/heads/${r}`, short: r })),
  refName.map(r => ({ raw: `refs/tags/${r}`, short: r })),
);

// Helm chart versions (semver with optional pre-release and build).
const semver = fc
  .tuple(
    fc.nat(99),
    fc.nat(99),
    fc.nat(99),
    fc.option(segment.filter(s => /^[A-Za-z0-9.-]+$/.test(s))),
  )
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre === null ? '' : `-${pre}`}`);

const KEYS = ['sha', 'digest', 'ref', 'version'];

describe('parseRevision (properties)', () => {
  it('never throws, and names at most one of sha, digest or version', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), raw => {
        const parsed = parseRevision(raw);
        expect(Object.keys(parsed).every(k => KEYS.includes(k))).toBe(true);
        const kinds = [parsed.sha, parsed.digest, parsed.version].filter(
          v => v !== undefined,
        );
        expect(kinds.length).toBe(raw.trim() ? 1 : 0);
        // A ref only ever comes with the commit or digest it points at.
        if (parsed.ref !== undefined) expect(kinds.length).toBe(1);
      }),
      runs,
    );
  });

  it('only ever reports a SHA that is 7 to 64 hex digits, in lower case', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map(s => `sha1:${s}`),
          fc.tuple(refName, fc.string()).map(([r, s]) => `${r}@sha1:${s}`),
          fc.tuple(refName, fc.string()).map(([r, s]) => `${r}/${s}`),
        ),
        raw => {
          const { sha, digest } = parseRevision(raw);
          if (sha !== undefined) expect(sha).toMatch(/^[0-9a-f]{7,64}$/);
          if (digest !== undefined) {
            expect(digest).toMatch(/^sha(256|512):[0-9a-f]+$/);
          }
        },
      ),
      runs,
    );
  });

  it('ignores surrounding whitespace', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(' ', '\t', '\n', '  '),
        (raw, pad) => {
          expect(parseRevision(`${pad}${raw}${pad}`)).toEqual(
            parseRevision(raw),
          );
        },
      ),
      runs,
    );
  });

  it('round-trips Flux `<ref>@sha1:<sha>` (branches, refs/heads, refs/tags)', () => {
    fc.assert(
      fc.property(fullRef, fullSha, (ref, sha) => {
        expect(parseRevision(`${ref.raw}@sha1:${sha}`)).toEqual({
          sha: sha.toLowerCase(),
          ref: ref.short,
        });
        expect(parseRevision(`sha1:${sha}`)).toEqual({
          sha: sha.toLowerCase(),
        });
      }),
      runs,
    );
  });

  it('round-trips the legacy Flux `<branch>/<sha>` form', () => {
    fc.assert(
      fc.property(fullRef, fullSha, (ref, sha) => {
        expect(parseRevision(`${ref.raw}/${sha}`)).toEqual({
          sha: sha.toLowerCase(),
          ref: ref.short,
        });
      }),
      runs,
    );
  });

  it('round-trips OCI digests, with and without a tag', () => {
    fc.assert(
      fc.property(
        fc.oneof(refName, semver, fc.constant('latest')),
        hex64,
        (tag, digest) => {
          expect(parseRevision(`sha256:${digest}`)).toEqual({
            digest: `sha256:${digest}`,
          });
          expect(parseRevision(`${tag}@sha256:${digest}`)).toEqual({
            digest: `sha256:${digest}`,
            ref: tag,
          });
        },
      ),
      runs,
    );
  });

  it('reads a bare full SHA (Argo CD) in any case', () => {
    fc.assert(
      fc.property(fullSha, sha => {
        expect(parseRevision(sha)).toEqual({ sha: sha.toLowerCase() });
      }),
      runs,
    );
  });

  it('keeps chart versions and tags as opaque versions', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          semver,
          semver.map(v => `v${v}`),
        ),
        version => {
          expect(parseRevision(version)).toEqual({ version });
          expect(revisionKey(parseRevision(version))).toBe(version);
        },
      ),
      runs,
    );
  });

  it('treats every form of one commit, and its abbreviation, as the same revision', () => {
    fc.assert(
      fc.property(
        fullRef,
        hex(40, 40),
        fc.integer({ min: 7, max: 39 }),
        (ref, sha, cut) => {
          const abbreviated = sha.slice(0, cut);
          const forms = [
            `${ref.raw}@sha1:${sha}`,
            `sha1:${sha.toUpperCase()}`,
            `${ref.raw}/${sha}`,
            sha,
          ];
          // An abbreviation only parses as a SHA when it mixes letters and
          // digits; otherwise it could be a version such as `1234567`.
          if (/[a-f]/i.test(abbreviated) && /\d/.test(abbreviated)) {
            forms.push(abbreviated);
          }
          const parsed = forms.map(parseRevision);
          for (const a of parsed) {
            for (const b of parsed) expect(sameRevision(a, b)).toBe(true);
          }
        },
      ),
      runs,
    );
  });

  it('is reflexive and symmetric on arbitrary input, and tells different commits apart', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (x, y) => {
        const a = parseRevision(x);
        const b = parseRevision(y);
        expect(sameRevision(a, b)).toBe(sameRevision(b, a));
        if (revisionKey(a) !== undefined) expect(sameRevision(a, a)).toBe(true);
      }),
      runs,
    );
    fc.assert(
      fc.property(hex(40, 40), hex(40, 40), (x, y) => {
        fc.pre(x.toLowerCase() !== y.toLowerCase());
        expect(sameRevision(parseRevision(x), parseRevision(y))).toBe(false);
      }),
      runs,
    );
  });
});
