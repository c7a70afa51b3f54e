import fc from 'fast-check';

/** Bounded and seeded so CI time is fixed and a failure replays. */
export const propertyRuns = { numRuns: 400, seed: 15_2026 };

const chars = (alphabet: string, min: number, max: number) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map(c => c.join(''));

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A credential. Every one starts with `SEKRIT`, which no other generated
 * part can contain (they are lower case), so "the secret is not in the
 * output" cannot pass or fail by accident.
 */
export const secret = fc
  .tuple(
    chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~', 6, 20),
    fc.string({ unit: 'binary', maxLength: 6 }),
  )
  .map(([plain, any]) => `SEKRIT${plain}${encodeURIComponent(any)}`);

/** A user name that is not secret (an SSH login, say). */
export const userName = chars(LOWER, 1, 8);

const dnsLabel = chars(LOWER, 1, 10);
export const host = fc.oneof(
  fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map(l => l.join('.')),
  fc
    .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
    .map(parts => parts.join('.')),
  fc.constantFrom('[::1]', '[fe80::1%25eth0]'),
);
const port = fc.option(
  fc.integer({ min: 1, max: 65535 }).map(p => `:${p}`),
  { nil: '' },
);
export const authority = fc.tuple(host, port).map(([h, p]) => `${h}${p}`);

/** A path, sometimes with `@` in it (`/@scope/pkg`), which is not user info. */
export const path = fc
  .array(
    fc.oneof(
      chars(`${LOWER}-._~`, 1, 8),
      chars(LOWER, 1, 6).map(s => `@${s}`),
    ),
    { maxLength: 4 },
  )
  .map(segments => segments.map(s => `/${s}`).join(''));

export const scheme = fc.constantFrom(
  'http',
  'https',
  'HTTPS',
  'ssh',
  'git+ssh',
  'oci',
);

const SECRET_NAMES = [
  'access_token',
  'api_key',
  'apikey',
  'auth',
  'authorization',
  'client_secret',
  'code',
  'id_token',
  'key',
  'oauth_token',
  'passwd',
  'password',
  'private_token',
  'pwd',
  'refresh_token',
  'secret',
  'sig',
  'signature',
  'token',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'X-Goog-Signature',
];

/** Upper-cases some letters and percent-encodes some characters. */
const disguised = (name: string) =>
  fc
    .array(fc.constantFrom('keep', 'upper', 'encode'), {
      minLength: name.length,
      maxLength: name.length,
    })
    .map(how =>
      [...name]
        .map((c, i) => {
          if (how[i] === 'upper') return c.toUpperCase();
          if (how[i] === 'encode') {
            return `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
          }
          return c;
        })
        .join(''),
    );

export const secretParameterName = fc
  .constantFrom(...SECRET_NAMES)
  .chain(disguised);

/** A parameter name that carries no credential (`ref`, `tokens`, `v`). */
export const plainParameterName = fc.oneof(
  fc.constantFrom('ref', 'v', 'sv', 'state', 'tokens', 'mytoken', 'keys'),
  chars('abcdefghijklmnopqrstuvwxyz', 1, 6).filter(
    n => !SECRET_NAMES.includes(n),
  ),
);

export interface Parameter {
  text: string;
  secret?: string;
}

export const parameter: fc.Arbitrary<Parameter> = fc.oneof(
  fc
    .tuple(plainParameterName, chars(`${LOWER}-._~%@`, 0, 8))
    .map(([n, v]) => ({ text: `${n}=${v}` })),
  fc.tuple(secretParameterName, secret).map(([n, s]) => ({
    text: `${n}=${s}`,
    secret: s,
  })),
);

export interface SecretUrl {
  /** The URL with its credentials. */
  url: string;
  /** The same URL as redaction should leave it. */
  redacted: string;
  /** Every credential placed in it. */
  secrets: string[];
}

const userInfo = fc.oneof(
  fc.constant({ text: '', secrets: [] as string[] }),
  secret.map(s => ({ text: `${s}@`, secrets: [s] })),
  fc.tuple(userName, secret).map(([u, s]) => ({
    text: `${u}:${s}@`,
    secrets: [s],
  })),
  userName.map(u => ({ text: `${u}@`, secrets: [] as string[] })),
);

const parameters = fc.array(parameter, { maxLength: 4 });

/**
 * A scheme URL with user info, query and fragment parameters, some of
 * them credentials, together with what it must redact to: the same text
 * without user info and without the secret parameters.
 */
export const secretUrl: fc.Arbitrary<SecretUrl> = fc
  .tuple(
    scheme,
    userInfo,
    authority,
    path,
    fc.option(parameters, { nil: undefined }),
    fc.oneof(
      fc.constant(undefined),
      fc.constant('L10'),
      parameters.map(p => p),
    ),
  )
  .map(([s, info, auth, p, query, fragment]) => {
    const secrets = [...info.secrets];
    let url = `${s}://${info.text}${auth}${p}`;
    let redacted = `${s}://${auth}${p}`;
    if (query !== undefined) {
      url += `?${query.map(q => q.text).join('&')}`;
      const kept = query.filter(q => !q.secret).map(q => q.text);
      if (kept.length > 0) redacted += `?${kept.join('&')}`;
      secrets.push(...query.flatMap(q => (q.secret ? [q.secret] : [])));
    }
    if (typeof fragment === 'string') {
      url += `#${fragment}`;
      redacted += `#${fragment}`;
    } else if (fragment !== undefined) {
      url += `#${fragment.map(q => q.text).join('&')}`;
      const kept = fragment.filter(q => !q.secret).map(q => q.text);
      // A fragment of parameters (`#a=1`) loses only the secret ones.
      if (kept.length > 0 || fragment.length === 0) {
        redacted += `#${kept.join('&')}`;
      }
      secrets.push(...fragment.flatMap(q => (q.secret ? [q.secret] : [])));
    }
    return { url, redacted, secrets };
  });

/** Prose around URLs: words without `://`, quotes or brackets. */
export const word = chars('abcdefghijklmnopqrstuvwxyz:-', 1, 8);
