import { parsePullRequestUrl } from './pullRequests';

describe('parsePullRequestUrl', () => {
  it('reads the repository and number from a pull request web URL', () => {
    expect(
      parsePullRequestUrl('https://github.com/acme/deployments/pull/42'),
    ).toEqual({ repoUrl: 'https://github.com/acme/deployments', number: 42 });
    expect(
      parsePullRequestUrl('https://ghe.example.com:8443/acme/deploy/pull/7/'),
    ).toEqual({
      repoUrl: 'https://ghe.example.com:8443/acme/deploy',
      number: 7,
    });
  });

  it('refuses anything else with the URL, without its query or credentials', () => {
    expect(() => parsePullRequestUrl('not a url')).toThrow(
      "'not a url' is not a pull request URL",
    );
    expect(() =>
      parsePullRequestUrl(
        'https://user:secret@github.com/acme/deployments/issues/3?token=abc',
      ),
    ).toThrow(
      "'https://github.com/acme/deployments/issues/3' is not a pull request URL",
    );
  });
});
