import { parseRevision, revisionKey, sameRevision } from './revision';

const sha = '4f1c2a9d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a';
const digest =
  'sha256:2d7fa4c7a0e5b1f6e8c9d0a1b2c3d4e5f60718293a4b5c6d7e8f90123456789a';

describe('parseRevision', () => {
  it.each([
    ['Flux branch form', `main@sha1:${sha}`, { sha, ref: 'main' }],
    ['Flux full ref', `refs/heads/main@sha1:${sha}`, { sha, ref: 'main' }],
    ['Flux tag ref', `refs/tags/v1.2.0@sha1:${sha}`, { sha, ref: 'v1.2.0' }],
    ['sha1 only', `sha1:${sha}`, { sha }],
    ['old Flux form', `main/${sha}`, { sha, ref: 'main' }],
    [
      'old Flux form, nested branch',
      `release/2.x/${sha}`,
      {
        sha,
        ref: 'release/2.x',
      },
    ],
    ['bare SHA (Argo CD)', sha, { sha }],
    ['upper-case SHA', sha.toUpperCase(), { sha }],
    ['abbreviated SHA', '4f1c2a9', { sha: '4f1c2a9' }],
    ['OCI digest with tag', `latest@${digest}`, { digest, ref: 'latest' }],
    ['OCI digest', digest, { digest }],
    ['chart version', '1.4.2', { version: '1.4.2' }],
    ['tag', 'v2.0.0', { version: 'v2.0.0' }],
    ['numeric-only is not a SHA', '1234567', { version: '1234567' }],
    ['letters-only is not a SHA', 'deadbeef', { version: 'deadbeef' }],
    ['empty', '', {}],
    ['undefined', undefined, {}],
    ['padded', `  main@sha1:${sha} `, { sha, ref: 'main' }],
    // Found by revision.property.test.ts: a malformed hash names no commit.
    ['empty sha1 hash', 'a@sha1:', { version: 'a@sha1:' }],
    ['short sha1 hash', 'sha1:4', { version: 'sha1:4' }],
    ['non-hex digest', 'v1@sha256:xyz', { version: 'v1@sha256:xyz' }],
  ])('%s: %j', (_name, raw, expected) => {
    expect(parseRevision(raw)).toEqual(expected);
  });
});

describe('sameRevision', () => {
  it('matches every form of the same commit', () => {
    const forms = [
      `main@sha1:${sha}`,
      `refs/heads/main@sha1:${sha}`,
      `sha1:${sha}`,
      `main/${sha}`,
      sha,
      sha.slice(0, 7),
    ].map(parseRevision);
    for (const a of forms) {
      for (const b of forms) expect(sameRevision(a, b)).toBe(true);
    }
  });

  it('does not match a commit by a one-character "SHA"', () => {
    // Found by revision.property.test.ts: `sha1:4` used to parse as the SHA
    // `4`, which matched every commit starting with 4.
    expect(sameRevision(parseRevision('sha1:4'), parseRevision(sha))).toBe(
      false,
    );
  });

  it('tells different commits, digests and versions apart', () => {
    expect(
      sameRevision(parseRevision(sha), parseRevision('0'.repeat(40))),
    ).toBe(false);
    expect(
      sameRevision(
        parseRevision(digest),
        parseRevision(`sha256:${'0'.repeat(64)}`),
      ),
    ).toBe(false);
    expect(sameRevision(parseRevision('1.0.0'), parseRevision('1.0.1'))).toBe(
      false,
    );
    expect(sameRevision(parseRevision(sha), parseRevision('1.0.0'))).toBe(
      false,
    );
  });
});

describe('revisionKey', () => {
  it('is the SHA, the digest or the version', () => {
    expect(revisionKey(parseRevision(`main@sha1:${sha}`))).toBe(sha);
    expect(revisionKey(parseRevision(digest))).toBe(digest);
    expect(revisionKey(parseRevision('1.4.2'))).toBe('1.4.2');
    expect(revisionKey(parseRevision(''))).toBeUndefined();
  });
});
