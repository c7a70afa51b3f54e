import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import type { RepoUrl } from '../repoUrl';

/**
 * Gives the HTTP Authorization header value git should send for a
 * repository, or undefined to fetch anonymously.
 */
export interface GitHttpCredentials {
  authorization(url: RepoUrl): Promise<string | undefined>;
}

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/**
 * Credentials from the Backstage `integrations` config: GitHub tokens or
 * GitHub App installation tokens, and the token or user/password of GitLab,
 * Bitbucket, Gitea and Gerrit integrations, in the form each host's smart
 * HTTP endpoint accepts.
 */
export class IntegrationGitCredentials implements GitHttpCredentials {
  private readonly github: GithubCredentialsProvider;

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    github?: GithubCredentialsProvider,
  ) {
    this.github =
      github ?? DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  async authorization(url: RepoUrl): Promise<string | undefined> {
    if (url.scheme === 'file') {
      return undefined;
    }
    const { integrations } = this;
    if (integrations.github.byHost(url.host)) {
      const { token } = await this.github.getCredentials({ url: url.key });
      return token ? basic('x-access-token', token) : undefined;
    }
    const gitlab = integrations.gitlab.byHost(url.host)?.config;
    if (gitlab) {
      return gitlab.token ? basic('oauth2', gitlab.token) : undefined;
    }
    const bitbucketServer = integrations.bitbucketServer.byHost(
      url.host,
    )?.config;
    if (bitbucketServer) {
      if (bitbucketServer.token) {
        return `Bearer ${bitbucketServer.token}`;
      }
      return bitbucketServer.username && bitbucketServer.password
        ? basic(bitbucketServer.username, bitbucketServer.password)
        : undefined;
    }
    const bitbucketCloud = integrations.bitbucketCloud.byHost(url.host)?.config;
    if (bitbucketCloud) {
      if (bitbucketCloud.token) {
        return basic('x-token-auth', bitbucketCloud.token);
      }
      return bitbucketCloud.username && bitbucketCloud.appPassword
        ? basic(bitbucketCloud.username, bitbucketCloud.appPassword)
        : undefined;
    }
    const userPassword =
      integrations.gitea.byHost(url.host)?.config ??
      integrations.gerrit.byHost(url.host)?.config;
    if (userPassword?.username && userPassword.password) {
      return basic(userPassword.username, userPassword.password);
    }
    return undefined;
  }
}

/**
 * Environment that makes git send the header to this repository's origin
 * only. Passing it as GIT_CONFIG_* keeps the secret out of argv, which `ps`
 * and our error messages would show.
 */
export function authorizationEnv(
  url: RepoUrl,
  authorization: string | undefined,
): Record<string, string> {
  if (!authorization) {
    return {};
  }
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${url.scheme}://${url.host}/.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: ${authorization}`,
  };
}
