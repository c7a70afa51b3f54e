// A property's assertions depend on the generated input by nature.
/* eslint-disable jest/no-conditional-expect */
import fc from 'fast-check';
import { isSecretParameterName, redactText, redactUrl } from './redactUrl';
import {
  authority,
  parameter,
  path,
  propertyRuns,
  scheme,
  secret,
  secretParameterName,
  secretUrl,
  userName,
  word,
} from './__testUtils__/secretUrls';

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  // URL-shaped noise: the characters redaction splits on.
  fc
    .array(
      fc.constantFrom(
        'https://',
        'a',
        ':',
        '@',
        '/',
        '?',
        '#',
        '&',
        '=',
        'token',
        '[',
        ']',
        '%',
        ' ',
        '.',
        ')',
      ),
      { maxLength: 14 },
    )
    .map(t => t.join('')),
);

describe('redactUrl (properties)', () => {
  it('never throws and is idempotent on any string', () => {
    fc.assert(
      fc.property(anyString, value => {
        const once = redactUrl(value);
        expect(redactUrl(once)).toBe(once);
      }),
      propertyRuns,
    );
  });

  it('removes user info and secret parameters, and nothing else', () => {
    fc.assert(
      fc.property(secretUrl, ({ url, redacted, secrets }) => {
        const result = redactUrl(url);
        expect(result).toBe(redacted);
        for (const s of secrets) expect(result).not.toContain(s);
        expect(redactUrl(result)).toBe(result);
      }),
      propertyRuns,
    );
  });

  it('leaves no password behind when it holds unescaped `/`, `@`, `:`, `?` or `#`', () => {
    fc.assert(
      fc.property(
        scheme,
        userName,
        secret,
        fc.constantFrom('/', '@', ':', '//', '/@', '?', '#', '/?#@'),
        secret,
        authority,
        path,
        (s, user, head, raw, tail, auth, p) => {
          const password = `${head}${raw}${tail}`;
          const result = redactUrl(`${s}://${user}:${password}@${auth}${p}`);
          expect(result).not.toContain(head);
          expect(result).not.toContain(tail);
          // Such a URL is ambiguous when its path holds `@` too
          // (`/@scope/pkg`); redaction then drops up to the last `@`.
          if (!/[/?#]/.test(raw) || !p.includes('@')) {
            expect(result).toBe(`${s}://${auth}${p}`);
          }
        },
      ),
      propertyRuns,
    );
  });

  it('redacts URLs nested in a parameter or joined by commas', () => {
    fc.assert(
      fc.property(
        secretUrl,
        secretUrl,
        fc.constantFrom('?url=', '?redirect_uri=', ',', ', ', '#next='),
        (outer, inner, glue) => {
          const result = redactUrl(`${outer.url}${glue}${inner.url}`);
          for (const s of [...outer.secrets, ...inner.secrets]) {
            expect(result).not.toContain(s);
          }
          expect(redactUrl(result)).toBe(result);
        },
      ),
      propertyRuns,
    );
  });

  it('keeps the scp-like login name and drops a password', () => {
    fc.assert(
      fc.property(userName, secret, authority, path, (user, pass, h, p) => {
        const hostOnly = h.replace(/:\d+$/, '');
        fc.pre(!hostOnly.startsWith('['));
        const scp = `${user}@${hostOnly}:${p.slice(1) || 'repo.git'}`;
        expect(redactUrl(scp)).toBe(scp);
        const withPassword = `${user}:${pass}@${hostOnly}:${
          p.slice(1) || 'repo.git'
        }`;
        expect(redactUrl(withPassword)).toBe(
          `${hostOnly}:${p.slice(1) || 'repo.git'}`,
        );
      }),
      propertyRuns,
    );
  });
});

describe('isSecretParameterName (properties)', () => {
  it('recognises secret names in any case and percent-encoding', () => {
    fc.assert(
      fc.property(secretParameterName, name => {
        expect(isSecretParameterName(name)).toBe(true);
      }),
      propertyRuns,
    );
  });

  it('never throws on any name', () => {
    fc.assert(
      fc.property(anyString, name => {
        expect(typeof isSecretParameterName(name)).toBe('boolean');
      }),
      propertyRuns,
    );
  });
});

describe('redactText (properties)', () => {
  it('never throws and is idempotent on any text', () => {
    fc.assert(
      fc.property(anyString, text => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
      propertyRuns,
    );
  });

  it('redacts every URL in prose and leaves the prose as written', () => {
    const piece = fc.oneof(
      word.map(w => ({ text: w, redacted: w, secrets: [] as string[] })),
      fc
        .tuple(
          // A URL ending in punctuation (`?`, `.`) in prose ends the
          // sentence there, not the URL: those are left to the examples.
          secretUrl.filter(u => /[A-Za-z0-9/]$/.test(u.url)),
          fc.constantFrom(
            ['', ''],
            ["'", "'"],
            ['"', '"'],
            ['(', ')'],
            ['<', '>'],
            ['', '.'],
            ['', ','],
            ['', ':'],
          ),
        )
        .map(([u, [open, close]]) => ({
          text: `${open}${u.url}${close}`,
          redacted: `${open}${u.redacted}${close}`,
          secrets: u.secrets,
        })),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(' ', '\n', '\t'),
        (pieces, space) => {
          const text = pieces.map(p => p.text).join(space);
          const result = redactText(text);
          expect(result).toBe(pieces.map(p => p.redacted).join(space));
          for (const s of pieces.flatMap(p => p.secrets)) {
            expect(result).not.toContain(s);
          }
        },
      ),
      propertyRuns,
    );
  });

  it('leaves text without credentials unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            word,
            fc
              .tuple(
                scheme,
                authority,
                path,
                fc.array(
                  parameter.filter(p => !p.secret),
                  { maxLength: 3 },
                ),
              )
              .map(
                ([s, a, p, q]) =>
                  `${s}://${a}${p}${
                    q.length ? `?${q.map(x => x.text).join('&')}` : ''
                  }`,
              ),
          ),
          { maxLength: 5 },
        ),
        parts => {
          const text = parts.join(' ');
          expect(redactText(text)).toBe(text);
        },
      ),
      propertyRuns,
    );
  });
});
