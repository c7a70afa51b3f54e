import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { commitUrlResolver, withCommitLinks } from './commitLinks';

const resolve = commitUrlResolver(
  ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example.com',
            apiBaseUrl: 'https://gitlab.example.com/api/v4',
          },
        ],
        bitbucketServer: [
          {
            host: 'bitbucket.example.com',
            apiBaseUrl: 'https://bitbucket.example.com/rest/api/1.0',
          },
        ],
      },
    }),
  ),
);

describe('commitUrlResolver', () => {
  it.each([
    [
      'https://github.com/acme/deploy.git',
      'https://github.com/acme/deploy/commit/abc',
    ],
    [
      'git@github.com:acme/deploy.git',
      'https://github.com/acme/deploy/commit/abc',
    ],
    [
      'https://gitlab.example.com/platform/deploy.git',
      'https://gitlab.example.com/platform/deploy/-/commit/abc',
    ],
    [
      'https://bitbucket.example.com/scm/acme/deploy',
      'https://bitbucket.example.com/scm/acme/deploy/commits/abc',
    ],
    ['http://127.0.0.1:7444/storefront-deploy.git', undefined],
    ['file:///srv/git/deploy', undefined],
  ])('%s → %s', (repoUrl, expected) => {
    expect(resolve(repoUrl, 'abc')).toBe(expected);
  });
});

describe('withCommitLinks', () => {
  const commit = (sha: string, extra = {}) => ({
    sha,
    message: sha,
    author: { name: 'Alice' },
    committedAt: '2026-11-01T00:00:00Z',
    ...extra,
  });
  const source = (repoURL: string, pending: any[]) => ({
    type: 'git' as const,
    repoURL,
    pendingCommits: pending,
    pendingTruncated: false,
  });

  it('links commits of every list to their own source, keeping given links', () => {
    const first = source('https://gitlab.example.com/a/one.git', [
      commit('p1', { sourceIndex: 0 }),
    ]);
    const second = source('https://github.com/acme/two', [
      commit('p2', { sourceIndex: 1 }),
    ]);
    const deployment = {
      source: first,
      sources: [first, second],
      deployedCommit: commit('d1'),
      pendingCommits: [
        commit('p2', { sourceIndex: 1 }),
        commit('p1', { sourceIndex: 0 }),
      ],
      history: [
        { revision: 'd1', commit: commit('d1', { url: 'https://given/d1' }) },
        { revision: 'x' },
      ],
      links: {},
    } as unknown as Deployment;

    const linked = withCommitLinks(deployment, resolve);
    expect(linked.deployedCommit?.url).toBe(
      'https://gitlab.example.com/a/one/-/commit/d1',
    );
    expect(linked.links.commit).toBe(
      'https://gitlab.example.com/a/one/-/commit/d1',
    );
    expect(linked.pendingCommits.map(c => c.url)).toEqual([
      'https://github.com/acme/two/commit/p2',
      'https://gitlab.example.com/a/one/-/commit/p1',
    ]);
    expect(linked.sources[1].pendingCommits[0].url).toBe(
      'https://github.com/acme/two/commit/p2',
    );
    expect(linked.history[0].commit?.url).toBe('https://given/d1');
    expect(linked.history[1].commit).toBeUndefined();
  });
});
