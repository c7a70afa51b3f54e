import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GithubProvider, type GithubProviderOptions } from '../GithubProvider';

/**
 * A GithubProvider for one `integrations.github` host served by the GitHub
 * facade, revalidating every time unless told otherwise.
 */
export function facadeProvider(
  github: { host: string; apiBaseUrl: string; token: string },
  options: Partial<GithubProviderOptions> = {},
): GithubProvider {
  return new GithubProvider({
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { github: [github] } }),
    ),
    revalidateAfterSeconds: 0,
    ...options,
  });
}
