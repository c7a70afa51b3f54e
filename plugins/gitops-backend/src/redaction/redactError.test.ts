import { InputError, NotFoundError } from '@backstage/errors';
import { redactError } from './redactError';

describe('redactError', () => {
  it('keeps name and status, removes credentials from message, stack and causes', () => {
    const cause = new Error(
      'GET https://u:secretpass@host/r.git?token=secretpass',
    );
    const error = Object.assign(
      new InputError('bad http://u:secretpass@host/r.git', cause),
      { statusCode: 400 },
    );
    const redacted = redactError(error);
    expect(redacted.name).toBe('InputError');
    expect((redacted as any).statusCode).toBe(400);
    expect(redacted.message).toMatch(/^bad http:\/\/host\/r\.git/);
    const all = `${redacted.message}${redacted.stack}${
      (redacted as any).cause.message
    }${(redacted as any).cause.stack}`;
    expect(all).not.toContain('secretpass');
  });

  it('turns a thrown non-error into an error', () => {
    expect(redactError('x http://a:b@h/r').message).toBe('x http://h/r');
    expect(redactError(new NotFoundError('n')).name).toBe('NotFoundError');
  });
});
