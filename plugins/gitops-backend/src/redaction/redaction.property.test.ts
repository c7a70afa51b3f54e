import { mockServices } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { redactError } from './redactError';
import { redactingLogger } from './redactingLogger';

// Bounded and seeded so CI time is fixed and a failure replays.
const runs = { numRuns: 200, seed: 15_2026 };

const chars = (alphabet: string, min: number, max: number) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map(c => c.join(''));
const lower = chars('abcdefghijklmnopqrstuvwxyz0123456789', 1, 8);

/** Every credential starts with SEKRIT, which nothing else generated holds. */
const secret = chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~', 6, 16).map(
  s => `SEKRIT${s}`,
);

/** A URL carrying a credential in its user info or its query. */
const secretUrl = fc
  .tuple(
    fc.constantFrom('http', 'https', 'ssh'),
    secret,
    fc.constantFrom('user:', 'oauth2:', 'x-access-token:', ''),
    lower,
    lower,
    fc.constantFrom('userinfo', 'access_token', 'private_token', 'sig'),
  )
  .map(([scheme, s, user, host, repo, where]) =>
    where === 'userinfo'
      ? `${scheme}://${user}${s}@${host}.local/${repo}.git`
      : `${scheme}://${host}.local/${repo}.git?${where}=${s}`,
  );

/** Prose as Git and Kubernetes clients write it, quoting URLs. */
const message = fc
  .tuple(lower, secretUrl, fc.constantFrom(["'", "'"], ['(', ')'], ['', '.']))
  .map(([w, url, [open, close]]) => `${w} ${open}${url}${close} failed`);

/** An error with an HTTP status and up to six causes. */
const errorChain = fc
  .tuple(
    fc.array(message, { minLength: 1, maxLength: 7 }),
    fc.option(fc.integer({ min: 400, max: 599 }), { nil: undefined }),
    fc.constantFrom('Error', 'NotFoundError', 'ConflictError'),
  )
  .map(([messages, status, name]) => {
    let cause: unknown = undefined;
    for (const m of [...messages].reverse()) {
      const error = new Error(m, cause === undefined ? undefined : { cause });
      cause = error;
    }
    const top = cause as Error & { statusCode?: number };
    top.name = name;
    if (status !== undefined) top.statusCode = status;
    return top;
  });

/** Everything an error shows: message, stack and causes. */
function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 10) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return [
    error.message,
    error.stack ?? '',
    cause === undefined ? '' : errorText(cause, depth + 1),
  ].join('\n');
}

const CREDENTIAL_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'api_key',
  'clientSecret',
  'private_key',
];

/** Log metadata: URLs anywhere, credentials under credential-named keys. */
const meta = fc.letrec(tie => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    lower,
    message,
    fc.dictionary(lower, tie('node'), { maxKeys: 3, noNullPrototype: true }),
    fc.array(tie('node'), { maxLength: 3 }),
  ),
  object: fc
    .tuple(
      fc.dictionary(lower, tie('node'), { maxKeys: 3, noNullPrototype: true }),
      fc.option(
        fc.tuple(
          fc.constantFrom(...CREDENTIAL_KEYS),
          fc.oneof(
            secret,
            secret.map(s => `Bearer ${s}`),
          ),
        ),
        { nil: undefined },
      ),
      fc.option(lower, { nil: undefined }),
    )
    .map(([base, credential, nestUnder]) => {
      if (!credential) return base;
      const [key, value] = credential;
      // A credential at the top or one level down (`headers.authorization`).
      return nestUnder
        ? { ...base, [nestUnder]: { [key]: value } }
        : { ...base, [key]: value };
    }),
})).object as fc.Arbitrary<Record<string, any>>;

describe('redactError (properties)', () => {
  it('leaves no credential in the message, stack or any cause, and keeps name and status', () => {
    fc.assert(
      fc.property(errorChain, error => {
        const redacted = redactError(error);
        expect(errorText(redacted)).not.toContain('SEKRIT');
        expect(redacted.name).toBe(error.name);
        expect((redacted as any).statusCode).toBe((error as any).statusCode);
        expect(redactError(redacted).message).toBe(redacted.message);
      }),
      runs,
    );
  });

  it('turns any thrown value into an Error without credentials', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          message,
          fc.integer(),
          fc.constant(null),
          fc.constant(undefined),
        ),
        thrown => {
          const redacted = redactError(thrown);
          expect(redacted).toBeInstanceOf(Error);
          expect(errorText(redacted)).not.toContain('SEKRIT');
        },
      ),
      runs,
    );
  });
});

describe('redactingLogger (properties)', () => {
  it('passes on no credential, whatever the message, metadata or child metadata', () => {
    fc.assert(
      fc.property(
        message,
        fc.oneof(meta, errorChain),
        meta,
        fc.constantFrom('error', 'warn', 'info', 'debug') as fc.Arbitrary<
          'error' | 'warn' | 'info' | 'debug'
        >,
        (text, first, childMeta, level) => {
          const inner = mockServices.logger.mock();
          const child = mockServices.logger.mock();
          inner.child.mockReturnValue(child);
          const logger = redactingLogger(inner);
          logger[level](text, first);
          logger.child(childMeta)[level](text, first);
          const logged = [
            ...inner[level].mock.calls,
            ...inner.child.mock.calls,
            ...child[level].mock.calls,
          ]
            .flat()
            .map(v => (v instanceof Error ? errorText(v) : JSON.stringify(v)))
            .join('\n');
          expect(logged).not.toContain('SEKRIT');
        },
      ),
      runs,
    );
  });
});
