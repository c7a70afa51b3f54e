import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type {
  GitCommit,
  GitCommitList,
  GitProvider,
  GitStaleness,
} from '@gitops-console/plugin-gitops-node';
import { GitProviderNotFoundError } from './errors';
import { GitCounters } from './GitCounters';
import type { ImmutableAnswers } from './github/ImmutableAnswerStore';
import { GithubProvider } from './github/GithubProvider';
import { GitUrlAllowList } from './GitUrlAllowList';
import { PlainGitProvider } from './plain/PlainGitProvider';
import { readGitConfig } from './readGitConfig';

/**
 * Picks the provider for a repository URL and is itself a GitProvider, so
 * the rest of the backend asks it and never a provider directly. Every URL
 * must pass the allow-list first (GitRepositoryNotAllowedError otherwise).
 * Providers are asked in order: modules' providers, then GitHub, then
 * plain Git, which serves any allowed URL.
 */
export class GitProviderRegistry implements GitProvider {
  readonly id = 'registry';

  /**
   * The registry the plugin uses: GitHub for `integrations.github` hosts
   * with an API base URL, plain Git for every other allowed URL, and the
   * providers that modules added through the extension point.
   */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      extraProviders?: GitProvider[];
      counters?: GitCounters;
      /** Shared by replicas: GitHub answers and their ETags. */
      cache?: CacheService;
      githubAnswers?: ImmutableAnswers;
    },
  ): GitProviderRegistry {
    const git = readGitConfig(config);
    const integrations = ScmIntegrations.fromConfig(config);
    const allowList = new GitUrlAllowList(integrations, git.allowedHosts);
    const { logger, counters, cache, githubAnswers } = options;
    return new GitProviderRegistry(allowList, [
      ...(options.extraProviders ?? []),
      GithubProvider.fromConfig(config, {
        logger,
        counters,
        cache,
        stored: githubAnswers,
      }),
      PlainGitProvider.fromConfig(config, { logger, allowList, counters }),
    ]);
  }

  /** Stops what the providers keep running (long-lived git readers). */
  async close(): Promise<void> {
    for (const provider of this.providers) {
      await (provider as { close?: () => Promise<void> }).close?.();
    }
  }

  constructor(
    private readonly allowList: GitUrlAllowList,
    private readonly providers: GitProvider[],
  ) {}

  /**
   * The provider for a URL. Throws GitRepositoryNotAllowedError (API: 422)
   * or InvalidRepoUrlError for a URL it must not or cannot read.
   */
  providerFor(repoUrl: string): GitProvider {
    this.allowList.check(repoUrl);
    const provider = this.providers.find(p => p.supports(repoUrl));
    if (!provider) {
      throw new GitProviderNotFoundError(repoUrl);
    }
    return provider;
  }

  supports(repoUrl: string): boolean {
    try {
      this.providerFor(repoUrl);
      return true;
    } catch {
      return false;
    }
  }

  async resolveRevision(options: {
    repoUrl: string;
    ref: string;
  }): Promise<string> {
    return this.providerFor(options.repoUrl).resolveRevision(options);
  }

  async getCommit(options: {
    repoUrl: string;
    sha: string;
  }): Promise<GitCommit> {
    return this.providerFor(options.repoUrl).getCommit(options);
  }

  async listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList> {
    return this.providerFor(options.repoUrl).listCommits(options);
  }

  async isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }): Promise<boolean> {
    return this.providerFor(options.repoUrl).isAncestor(options);
  }

  async refresh(repoUrl: string): Promise<void> {
    return this.providerFor(repoUrl).refresh(repoUrl);
  }

  getStaleness(repoUrl: string): GitStaleness | undefined {
    try {
      return this.providerFor(repoUrl).getStaleness(repoUrl);
    } catch {
      return undefined;
    }
  }
}
