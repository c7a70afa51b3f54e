import { normalizeGitPath, validRefName } from './refs';

describe('normalizeGitPath', () => {
  it.each([
    [undefined, ''],
    ['', ''],
    ['.', ''],
    ['/', ''],
    ['apps/inventory', 'apps/inventory'],
    ['/apps/inventory/', 'apps/inventory'],
    ['./apps//inventory', 'apps/inventory'],
  ])('%j → %j', (path, expected) => {
    expect(normalizeGitPath(path)).toBe(expected);
  });

  it('rejects a path that leaves the repository', () => {
    expect(() => normalizeGitPath('apps/../../etc')).toThrow(/'\.\.'/);
  });
});

describe('validRefName', () => {
  it.each([
    'main',
    'release/1.x',
    'v1.2.3',
    'refs/heads/main',
    'HEAD',
    'a1b2c3d',
  ])('accepts %s', ref => expect(validRefName(ref)).toBe(true));
  it.each([
    '',
    '-n',
    '--all',
    'main~2',
    'a..b',
    'main@{1}',
    ':/fix',
    'x^',
    'a b',
    'x.lock',
  ])('rejects %j', ref => expect(validRefName(ref)).toBe(false));
});
