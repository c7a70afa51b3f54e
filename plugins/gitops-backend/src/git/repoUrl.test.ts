import { InvalidRepoUrlError, parseRepoUrl, redactUrl } from './repoUrl';

describe('parseRepoUrl', () => {
  it.each([
    [
      'https://github.com/acme/deploy.git',
      'https://github.com/acme/deploy',
      'https://github.com/acme/deploy.git',
    ],
    [
      'https://github.com/acme/deploy/',
      'https://github.com/acme/deploy',
      'https://github.com/acme/deploy',
    ],
    [
      'git@github.com:acme/deploy.git',
      'https://github.com/acme/deploy',
      'https://github.com/acme/deploy.git',
    ],
    [
      'ssh://git@git.example.com:2222/team/deploy.git',
      'https://git.example.com/team/deploy',
      'https://git.example.com/team/deploy.git',
    ],
    [
      'HTTPS://User:Secret@GitHub.com/acme/deploy?x=1#y',
      'https://github.com/acme/deploy',
      'https://github.com/acme/deploy',
    ],
    [
      'http://127.0.0.1:8765/repos/demo.git',
      'http://127.0.0.1:8765/repos/demo',
      'http://127.0.0.1:8765/repos/demo.git',
    ],
    ['file:///tmp/repos/demo.git/', 'file:///tmp/repos/demo.git', undefined],
  ])('%s → %s', (raw, key, fetchUrl) => {
    const parsed = parseRepoUrl(raw);
    expect(parsed.key).toBe(key);
    expect(parsed.fetchUrl).toBe(fetchUrl ?? key);
  });

  it('answers a URL parsed before from memory, frozen for every caller', () => {
    const raw = 'https://git.example.com/acme/memo.git';
    const first = parseRepoUrl(raw);
    expect(parseRepoUrl(raw)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseRepoUrl(`${raw}/`)).not.toBe(first);
    expect(parseRepoUrl(`${raw}/`).key).toBe(first.key);
  });

  it('keeps a non-default port in the host', () => {
    expect(parseRepoUrl('http://127.0.0.1:8765/demo').host).toBe(
      '127.0.0.1:8765',
    );
    expect(parseRepoUrl('https://github.com:443/a/b').host).toBe('github.com');
  });

  it.each([
    ['', /empty/],
    ['github.com/acme/deploy', /not a URL/],
    ['ext::sh -c touch% /tmp/pwned', /not a URL|scheme/],
    ['git://github.com/acme/deploy', /scheme git: is not supported/],
    ['https://github.com/', /names no repository/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseRepoUrl(raw)).toThrow(InvalidRepoUrlError);
    expect(() => parseRepoUrl(raw)).toThrow(message);
  });

  it('does not repeat credentials in its errors', () => {
    expect(() => parseRepoUrl('git://user:hunter2@host/x')).toThrow(
      'git://***@host/x',
    );
  });
});

describe('redactUrl', () => {
  it('hides userinfo in every URL of a text', () => {
    expect(
      redactUrl(
        "fatal: unable to access 'https://x-access-token:ghs_abc@github.com/a/b/': 403",
      ),
    ).toBe("fatal: unable to access 'https://***@github.com/a/b/': 403");
  });
});
