import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitUrlAllowList } from './GitUrlAllowList';
import { InvalidRepoUrlError, parseRepoUrl } from './repoUrl';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
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
);
const allowList = new GitUrlAllowList(integrations, [
  '127.0.0.1:8765',
  'git.example.com',
  'https://code.example.com/platform',
  'http://localhost:9000/repos/',
  'file:///srv/git',
]);

describe('GitUrlAllowList', () => {
  it.each([
    // Integrations, including Backstage's default github.com.
    ['https://github.com/acme/deploy', true],
    ['git@github.com:acme/deploy.git', true],
    ['https://ghe.example.com/team/deploy.git', true],
    ['ssh://git@bitbucket.example.com:7999/team/deploy.git', true],
    // Host entries: the port must match.
    ['http://127.0.0.1:8765/acme/deploy.git', true],
    ['http://127.0.0.1:8766/acme/deploy.git', false],
    ['http://127.0.0.1/acme/deploy.git', false],
    ['https://git.example.com/any/repo', true],
    ['https://GIT.example.com/any/repo/', true],
    ['https://git.example.com:8443/any/repo', false],
    ['https://evil.git.example.com/any/repo', false],
    // Prefix entries match whole path segments.
    ['https://code.example.com/platform/deploy', true],
    ['https://code.example.com/platform', true],
    ['https://code.example.com/platform-evil/deploy', false],
    ['http://code.example.com/platform/deploy', false],
    ['https://code.example.com/other/deploy', false],
    ['http://localhost:9000/repos/demo.git', true],
    ['file:///srv/git/demo.git', true],
    ['file:///srv/gitx/demo.git', false],
    ['file:///etc/passwd', false],
    // Host entries never allow file URLs.
    ['file://git.example.com/x', false],
    // Not listed at all.
    ['https://internal.corp/secrets', false],
    ['http://169.254.169.254/latest/meta-data', false],
  ])('%s → %s', (url, allowed) => {
    expect(allowList.allows(parseRepoUrl(url))).toBe(allowed);
  });

  it('names the URL, without credentials, and the config key that allows it', () => {
    expect(() =>
      allowList.check('https://user:s3cret@internal.corp/team/deploy.git'),
    ).toThrow(
      "Git repository https://***@internal.corp/team/deploy.git is not allowed: it matches no configured integration (integrations.*) and no entry of gitops.git.allowedHosts. Add 'internal.corp' to gitops.git.allowedHosts, or configure an integration for its host, to allow it.",
    );
  });

  it.each([
    'https://code.example.com/platform/../other/deploy',
    'https://code.example.com/platform/%2e%2e/other/deploy',
    'https://code.example.com/platform/x%2F..%2F..%2Fother/deploy',
  ])('does not let dot segments leave a prefix: %s', url => {
    expect(() => allowList.check(url)).toThrow(
      /not allowed|\. or \.\. segments/,
    );
  });

  it('rejects what is no repository URL', () => {
    expect(() => allowList.check('ext::sh -c id')).toThrow(InvalidRepoUrlError);
  });
});
