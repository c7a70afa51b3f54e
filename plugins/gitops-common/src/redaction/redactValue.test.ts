import { redactValue } from './redactValue';

describe('redactValue', () => {
  it('redacts every string of a nested value and leaves the input alone', () => {
    const input = {
      repoURL: 'user:secretpass@host:acme/r.git',
      sources: [{ repoURL: 'http://user:secretpass@host/r.git', path: 'a' }],
      links: { repo: 'http://user:secretpass@host/r', commit: undefined },
      drift: {
        reasons: [
          {
            code: 'x',
            message: 'fetch of http://user:secretpass@host/r failed',
          },
        ],
      },
      count: 3,
      flag: true,
      nothing: null,
    };
    const copy = JSON.parse(JSON.stringify(input));
    const output = redactValue(input);
    expect(JSON.stringify(output)).not.toContain('secretpass');
    expect(output).toEqual({
      repoURL: 'host:acme/r.git',
      sources: [{ repoURL: 'http://host/r.git', path: 'a' }],
      links: { repo: 'http://host/r', commit: undefined },
      drift: {
        reasons: [{ code: 'x', message: 'fetch of http://host/r failed' }],
      },
      count: 3,
      flag: true,
      nothing: null,
    });
    expect(input).toEqual(copy);
  });

  it('keeps values without credentials equal', () => {
    const clean = {
      a: ['https://host/r.git', 'git@host:r.git'],
      b: { c: 'x' },
    };
    expect(redactValue(clean)).toEqual(clean);
    expect(redactValue('plain')).toBe('plain');
    expect(redactValue(undefined)).toBeUndefined();
  });

  it('keeps errors nested in a value as redacted errors', () => {
    const error = new TypeError('clone of https://u:secretpass@host/r failed');
    const { cause } = redactValue({ cause: error });
    expect(Object.prototype.toString.call(cause)).toBe('[object Error]');
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe('clone of https://host/r failed');
    expect(cause.stack).not.toContain('secretpass');
  });
});
