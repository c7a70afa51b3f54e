import type { Config } from '@backstage/config';
import {
  DEFAULT_GITHUB_RETRY_POLICY,
  GithubRetryPolicy,
  validateRetryPolicy,
} from './retryPolicy';

/** The `gitops.github` config section, with defaults applied. */
export interface GithubConfig {
  retry: GithubRetryPolicy;
  sharedCache: {
    /** Whether answers go to `coreServices.cache` as well. */
    enabled: boolean;
    ttlMs: number;
  };
}

export const DEFAULT_SHARED_CACHE_TTL_SECONDS = 24 * 60 * 60;

export function readGithubConfig(config: Config): GithubConfig {
  const github = config.getOptionalConfig('gitops.github');
  const retry = github?.getOptionalConfig('retry');
  const defaults = DEFAULT_GITHUB_RETRY_POLICY;
  const seconds = (key: string, fallbackMs: number) => {
    const value = retry?.getOptionalNumber(key);
    return value === undefined ? fallbackMs : value * 1000;
  };
  const prefix = 'gitops.github.retry';
  const policy = validateRetryPolicy(
    {
      maxAttempts:
        retry?.getOptionalNumber('maxAttempts') ?? defaults.maxAttempts,
      baseDelayMs:
        retry?.getOptionalNumber('baseDelayMs') ?? defaults.baseDelayMs,
      maxDelayMs: seconds('maxDelaySeconds', defaults.maxDelayMs),
      maxWaitMs: seconds('maxWaitSeconds', defaults.maxWaitMs),
    },
    {
      maxAttempts: `${prefix}.maxAttempts`,
      baseDelayMs: `${prefix}.baseDelayMs`,
      maxDelayMs: `${prefix}.maxDelaySeconds`,
      maxWaitMs: `${prefix}.maxWaitSeconds`,
    },
  );

  const shared = github?.getOptionalConfig('sharedCache');
  const ttlSeconds =
    shared?.getOptionalNumber('ttlSeconds') ?? DEFAULT_SHARED_CACHE_TTL_SECONDS;
  if (!(ttlSeconds >= 1)) {
    throw new Error(
      `gitops.github.sharedCache.ttlSeconds must be at least 1, got ${ttlSeconds}`,
    );
  }
  return {
    retry: policy,
    sharedCache: {
      enabled: shared?.getOptionalBoolean('enabled') ?? true,
      ttlMs: ttlSeconds * 1000,
    },
  };
}
