import { mockServices } from '@backstage/backend-test-utils';
import { redactingLogger } from './redactingLogger';

const SECRET = 'secretpass';
const URL_WITH_SECRET = `http://user:${SECRET}@git.local/acme/deploy.git`;

describe('redactingLogger', () => {
  it('redacts messages, metadata, errors and child metadata at every level', () => {
    const inner = mockServices.logger.mock();
    const child = mockServices.logger.mock();
    inner.child.mockReturnValue(child);
    const logger = redactingLogger(inner);

    logger.error(
      `clone of ${URL_WITH_SECRET} failed`,
      new Error(`at ${URL_WITH_SECRET}`),
    );
    logger.warn('w', {
      url: URL_WITH_SECRET,
      nested: { list: [URL_WITH_SECRET] },
    });
    logger.info(`i ${URL_WITH_SECRET}?access_token=${SECRET}`);
    logger.debug('d', { authorization: `Bearer ${SECRET}`, token: SECRET });
    logger.child({ repo: URL_WITH_SECRET }).info(`child ${URL_WITH_SECRET}`);

    const calls = [
      ...inner.error.mock.calls,
      ...inner.warn.mock.calls,
      ...inner.info.mock.calls,
      ...inner.debug.mock.calls,
      ...inner.child.mock.calls,
      ...child.info.mock.calls,
    ];
    expect(calls).toHaveLength(6);
    const logged = calls
      .flat()
      .map(v =>
        v instanceof Error ? `${v.message}\n${v.stack}` : JSON.stringify(v),
      )
      .join('\n');
    expect(logged).not.toContain(SECRET);
    expect(logged).toContain('http://git.local/acme/deploy.git');
    expect(inner.error.mock.calls[0][1]).toBeInstanceOf(Error);
    expect(inner.debug.mock.calls[0][1]).toEqual({
      authorization: '[redacted]',
      token: '[redacted]',
    });
  });

  it('redacts credential-named keys nested in the metadata', () => {
    // Found by redaction.property.test.ts: only top-level keys were.
    const inner = mockServices.logger.mock();
    redactingLogger(inner).error('e', {
      a: { authorization: SECRET },
      list: [{ token: SECRET, kept: 'x' }],
    });
    expect(inner.error.mock.calls[0][1]).toEqual({
      a: { authorization: '[redacted]' },
      list: [{ token: '[redacted]', kept: 'x' }],
    });
  });
});
