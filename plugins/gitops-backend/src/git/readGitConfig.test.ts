import { ConfigReader } from '@backstage/config';
import { readGitConfig } from './readGitConfig';

describe('readGitConfig', () => {
  it('applies defaults, with no shared cache folder', () => {
    expect(readGitConfig(new ConfigReader({}))).toEqual({
      allowedHosts: [],
      cacheDir: undefined,
      maxCachedRepos: 50,
      fetchIntervalSeconds: 15,
      historyDepth: 5000,
      timeoutSeconds: 30,
    });
  });

  it('reads gitops.git and places the cache in backend.workingDirectory', () => {
    expect(
      readGitConfig(
        new ConfigReader({
          backend: { workingDirectory: '/var/backstage' },
          gitops: {
            git: {
              allowedHosts: [' 127.0.0.1:8765 '],
              maxCachedRepos: 3,
              fetchIntervalSeconds: 0,
              historyDepth: 200,
              timeoutSeconds: 5,
            },
          },
        }),
      ),
    ).toEqual({
      allowedHosts: ['127.0.0.1:8765'],
      cacheDir: '/var/backstage/backstage-gitops-git',
      maxCachedRepos: 3,
      fetchIntervalSeconds: 0,
      historyDepth: 200,
      timeoutSeconds: 5,
    });
  });

  it.each([
    [
      { maxCachedRepos: 0 },
      /maxCachedRepos must be a whole number of at least 1/,
    ],
    [{ maxCachedRepos: 2.5 }, /maxCachedRepos/],
    [{ fetchIntervalSeconds: -1 }, /fetchIntervalSeconds must be 0 or more/],
    [{ historyDepth: 0 }, /historyDepth must be a whole number/],
    [{ timeoutSeconds: 0.5 }, /timeoutSeconds must be a whole number/],
    [{ allowedHosts: ['ok', ' '] }, /allowedHosts\[1\] is empty/],
  ])('rejects %j', (git, message) => {
    expect(() => readGitConfig(new ConfigReader({ gitops: { git } }))).toThrow(
      message,
    );
  });
});
