import { classifyReference, redactReference } from './references';

describe('redactReference', () => {
  it.each([
    [
      'https://user:pass@github.com/a/b?ref=v1',
      'https://github.com/a/b?ref=v1',
    ],
    ['https://ghp_token@github.com/a/b', 'https://github.com/a/b'],
    ['ssh://git@github.com/a/b.git', 'ssh://github.com/a/b.git'],
    ['deploy:pw@github.com:a/b.git', 'github.com:a/b.git'],
    [
      'git@github.com:a/b.git//base?ref=v1',
      'git@github.com:a/b.git//base?ref=v1',
    ],
    ['ssh://deploy:pw@host/a.git', 'ssh://host/a.git'],
    [
      'github.com/a/b?ref=v1&access_token=x&private_token=y&password=z',
      'github.com/a/b?ref=v1',
    ],
    ['https://h/x?token=abc', 'https://h/x'],
    ['../base', '../base'],
  ])('%s', (input, expected) => {
    expect(redactReference(input)).toBe(expected);
  });
});

describe('classifyReference', () => {
  it.each([
    ['../base', 'local'],
    ['deploy.yaml', 'local'],
    ['config.example.com', 'local'],
    ['github.com/acme/repo', 'maybe-remote'],
    ['github.com/acme/repo//path?ref=v1', 'external'],
    ['git@github.com:acme/repo', 'external'],
    ['https://example.com/x.yaml', 'external'],
    ['oci://r/x', 'external'],
    ['file:///abs', 'external'],
    ['/abs', 'external'],
  ])('%s is %s', (reference, kind) => {
    expect(classifyReference(reference).kind).toBe(kind);
  });
});
