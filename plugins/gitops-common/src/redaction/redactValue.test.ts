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

  it('copies an object held in several places once, shared as in the input', () => {
    const commit = {
      sha: 'abc',
      url: 'https://u:secretpass@host/r/commit/abc',
    };
    const source = { repoURL: 'https://host/r.git', path: 'apps/a' };
    const input = {
      source,
      sources: [source],
      deployedCommit: commit,
      history: [{ commit }, { commit }],
    };
    const copy = redactValue(input);
    expect(copy.sources[0]).toBe(copy.source);
    expect(copy.source).not.toBe(source);
    expect(copy.history[0].commit).toBe(copy.deployedCommit);
    expect(copy.history[1].commit).toBe(copy.deployedCommit);
    expect(copy.deployedCommit.url).toBe('https://host/r/commit/abc');
    expect(commit.url).toContain('secretpass');
    // An array under a URL key and under a text key is redacted each way.
    const list = ['user:secretpass@host:r.git'];
    const both = redactValue({ url: list, notes: list });
    expect(both.url).not.toBe(both.notes);
    expect(both.url[0]).not.toContain('secretpass');
  });
});
