import { isSecretParameterName, redactText, redactUrl } from './redactUrl';

describe('redactUrl', () => {
  it.each([
    // user info in scheme URLs
    ['http://user:secretpass@host/repo.git', 'http://host/repo.git'],
    [
      'https://ghp_abc123@github.com/acme/deploy',
      'https://github.com/acme/deploy',
    ],
    ['https://user:@host/r', 'https://host/r'],
    ['https://user:p%40ss@host/r.git', 'https://host/r.git'],
    ['https://user:p@ss@host/r.git', 'https://host/r.git'],
    ['https://user:pa/ss@host/r.git', 'https://host/r.git'],
    // Found by redactUrl.property.test.ts: `/`, `?`, `#` and `@` unescaped
    // in the password, URLs inside URLs, a second `#` or `?`.
    ['http://a:SEKRIT/@SEKRIT@[::1]', 'http://[::1]'],
    ['http://a:SEKRIT/?#@SEKRIT@0.0.0.0', 'http://0.0.0.0'],
    ['https://u:pa?ss@host/r', 'https://host/r'],
    [
      'http://0.0.0.0?url=http://SEKRIT@[::1]#L10',
      'http://0.0.0.0?url=http://[::1]#L10',
    ],
    ['https://u:p@host/r,https://v:q@h2/', 'https://host/r,https://h2/'],
    ['http://a, http://a:SEKRIT@a', 'http://a, http://a'],
    [
      'http://[::1]#access_token=S?url=http://[::1]?ref=&ref=#access_token=S2',
      'http://[::1]#url=http://[::1]?ref=&ref=',
    ],
    ['ssh://git@github.com/acme/x.git', 'ssh://github.com/acme/x.git'],
    [
      'HTTPS://U:P@Git.Example.COM:8443/A/B',
      'HTTPS://Git.Example.COM:8443/A/B',
    ],
    ['http://user:pw@[::1]:8080/repo.git', 'http://[::1]:8080/repo.git'],
    ['http://[fe80::1%25eth0]/r', 'http://[fe80::1%25eth0]/r'],
    ['https://host', 'https://host'],
    ['https://u:p@host', 'https://host'],
    ['git+ssh://u:p@host/r', 'git+ssh://host/r'],
    // query and fragment parameters
    ['https://host/r.git?access_token=t0k', 'https://host/r.git'],
    [
      'https://host/r?ref=main&PRIVATE_TOKEN=t0k&x=1',
      'https://host/r?ref=main&x=1',
    ],
    ['https://host/r?token=a&oauth_token=b&password=c', 'https://host/r'],
    [
      'https://b.s3.amazonaws.com/c.tgz?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F1&X-Amz-Signature=ff&v=2',
      'https://b.s3.amazonaws.com/c.tgz?v=2',
    ],
    [
      'https://acct.blob.core.windows.net/c?sv=2024&sig=abc%3D',
      'https://acct.blob.core.windows.net/c?sv=2024',
    ],
    ['https://host/r?%74oken=enc', 'https://host/r'],
    ['https://host/cb#access_token=t0k&state=1', 'https://host/cb#state=1'],
    ['https://host/cb#access_token=t0k', 'https://host/cb'],
    ['https://host/blob/main/a.yaml#L10', 'https://host/blob/main/a.yaml#L10'],
    ['https://host/r?tokens=1&mytoken=2', 'https://host/r?tokens=1&mytoken=2'],
    // @ outside the authority is not user info
    [
      'https://registry.npmjs.org/@backstage/core',
      'https://registry.npmjs.org/@backstage/core',
    ],
    [
      'https://host/r?email=alice@example.com',
      'https://host/r?email=alice@example.com',
    ],
    // scp-like form: the login name is kept, a password is not
    ['git@github.com:acme/deploy.git', 'git@github.com:acme/deploy.git'],
    [
      'user:secretpass@github.com:acme/deploy.git',
      'github.com:acme/deploy.git',
    ],
    // not URLs
    ['', ''],
    ['alice@example.com', 'alice@example.com'],
    ['oci://ghcr.io/acme/charts', 'oci://ghcr.io/acme/charts'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});

describe('redactText', () => {
  it.each([
    [
      "fatal: unable to access 'https://user:secretpass@git.local/acme/deploy.git/': The requested URL returned error: 403",
      "fatal: unable to access 'https://git.local/acme/deploy.git/': The requested URL returned error: 403",
    ],
    [
      'fetch http://a:b@one/r.git failed, then http://c:d@two/r.git?token=x too.',
      'fetch http://one/r.git failed, then http://two/r.git too.',
    ],
    [
      'Repository (https://u:p@host/r.git) is not allowed.',
      'Repository (https://host/r.git) is not allowed.',
    ],
    ['see <https://u:p@host/x>', 'see <https://host/x>'],
    ['"https://u:p@host/x"', '"https://host/x"'],
    ['http://u:p@[::1]:3000/r', 'http://[::1]:3000/r'],
    [
      'https://en.wikipedia.org/wiki/Foo_(bar) moved',
      'https://en.wikipedia.org/wiki/Foo_(bar) moved',
    ],
    // prose without URLs is untouched, e-mail addresses included
    [
      'Contact alice@example.com or bob.o+ops@example.org: user:pass is fine here',
      'Contact alice@example.com or bob.o+ops@example.org: user:pass is fine here',
    ],
    [
      'committed by alice@example.com to https://host/r.git',
      'committed by alice@example.com to https://host/r.git',
    ],
    ['mailto:alice@example.com', 'mailto:alice@example.com'],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves no trace of the secret in a multi-line stack-like text', () => {
    const text = [
      'Error: clone of https://deploy:s3cr3t-Pa55@git.example.com/acme/app.git failed',
      '    at fetch (https://git.example.com/acme/app.git?private_token=s3cr3t-Pa55)',
    ].join('\n');
    expect(redactText(text)).not.toContain('s3cr3t-Pa55');
  });
});

describe('isSecretParameterName', () => {
  it.each([
    ['access_token', true],
    ['Access_Token', true],
    ['X-Amz-Security-Token', true],
    ['x-goog-signature', true],
    ['sig', true],
    ['ref', false],
    ['sv', false],
    ['tokenizer', false],
  ])('%s → %s', (name, expected) => {
    expect(isSecretParameterName(name)).toBe(expected);
  });
});
