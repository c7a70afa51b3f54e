import { ConfigReader } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';
import { readGitConfig } from './readGitConfig';

describe('readGitConfig', () => {
  it('applies defaults', () => {
    expect(readGitConfig(new ConfigReader({}))).toEqual({
      allowedHosts: [],
      cacheDir: path.join(os.tmpdir(), 'backstage-gitops-git'),
      maxCachedRepos: 50,
      fetchIntervalSeconds: 15,
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
            },
          },
        }),
      ),
    ).toEqual({
      allowedHosts: ['127.0.0.1:8765'],
      cacheDir: '/var/backstage/backstage-gitops-git',
      maxCachedRepos: 3,
      fetchIntervalSeconds: 0,
    });
  });

  it.each([
    [
      { maxCachedRepos: 0 },
      /maxCachedRepos must be a whole number of at least 1/,
    ],
    [{ maxCachedRepos: 2.5 }, /maxCachedRepos/],
    [{ fetchIntervalSeconds: -1 }, /fetchIntervalSeconds must be 0 or more/],
    [{ allowedHosts: ['ok', ' '] }, /allowedHosts\[1\] is empty/],
  ])('rejects %j', (git, message) => {
    expect(() => readGitConfig(new ConfigReader({ gitops: { git } }))).toThrow(
      message,
    );
  });
});
