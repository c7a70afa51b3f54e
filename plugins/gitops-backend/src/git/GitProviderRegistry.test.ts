import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GitProvider } from '@gitops-console/plugin-gitops-node';
import { GitProviderRegistry } from './GitProviderRegistry';
import { GitRepositoryNotAllowedError } from './errors';

const config = new ConfigReader({
  integrations: {
    github: [
      { host: 'github.com', token: 'ghp_x' },
      { host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3' },
      // GHE without an API URL: read with plain Git.
      { host: 'old-ghe.example.com' },
    ],
    gitlab: [
      {
        host: 'gitlab.example.com',
        apiBaseUrl: 'https://gitlab.example.com/api/v4',
      },
    ],
  },
  gitops: {
    git: {
      allowedHosts: ['127.0.0.1:8765', 'file:///srv/git'],
      cacheDir: '/tmp/gitops-registry-test-unused',
    },
  },
});

function fakeProvider(id: string, host: string): GitProvider {
  return {
    id,
    supports: url => url.includes(host),
  } as Partial<GitProvider> as GitProvider;
}

describe('GitProviderRegistry', () => {
  const registry = GitProviderRegistry.fromConfig(config, {
    logger: mockServices.logger.mock(),
    extraProviders: [fakeProvider('gitlab-module', 'gitlab.example.com')],
  });

  it.each([
    ['https://github.com/acme/deploy', 'github'],
    ['git@github.com:acme/deploy.git', 'github'],
    ['https://ghe.example.com/team/deploy', 'github'],
    ['https://old-ghe.example.com/team/deploy', 'git'],
    ['https://gitlab.example.com/team/deploy', 'gitlab-module'],
    // Backstage adds gitlab.com, bitbucket.org and dev.azure.com integrations
    // by default, so public repositories there are readable with plain Git.
    ['https://gitlab.com/team/deploy', 'git'],
    ['http://127.0.0.1:8765/acme/deploy.git', 'git'],
    ['file:///srv/git/demo.git', 'git'],
  ])('%s → %s', (url, id) => {
    expect(registry.providerFor(url).id).toBe(id);
    expect(registry.supports(url)).toBe(true);
  });

  it.each([
    'https://internal.corp/team/deploy',
    'http://127.0.0.1:9999/acme/deploy.git',
    'file:///etc/demo.git',
  ])('refuses %s with GitRepositoryNotAllowedError', url => {
    expect(() => registry.providerFor(url)).toThrow(
      GitRepositoryNotAllowedError,
    );
    expect(registry.supports(url)).toBe(false);
    expect(registry.getStaleness(url)).toBeUndefined();
  });

  it('refuses before any provider is asked', async () => {
    await expect(
      registry.listCommits({
        repoUrl: 'https://internal.corp/team/deploy',
        ref: 'main',
        limit: 5,
      }),
    ).rejects.toMatchObject({
      name: 'GitRepositoryNotAllowedError',
      configKey: 'gitops.git.allowedHosts',
    });
  });
});
