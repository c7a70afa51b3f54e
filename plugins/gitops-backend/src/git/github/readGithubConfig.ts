import type { Config } from '@backstage/config';
import { MAX_REQUESTS_PER_MINUTE } from './MinutePacer';
import {
  DEFAULT_GITHUB_RETRY_POLICY,
  GithubRetryPolicy,
  validateRetryPolicy,
} from './retryPolicy';

/** The `gitops.github` config section, with defaults applied. */
export interface GithubConfig {
  retry: GithubRetryPolicy;
  /** Requests a minute per API host and credential; absent: by host. */
  requestsPerMinute?: number;
  sharedCache: {
    /**
     * Whether answers go to `coreServices.cache` as well; by default when
     * `backend.cache.store` is one replicas share (not `memory`).
     */
    enabled: boolean;
    ttlMs: number;
  };
  /** Answers addressed by SHA kept in the plugin's database across restarts. */
  answerStore: { enabled: boolean; retentionDays: number };
}

export const DEFAULT_SHARED_CACHE_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_ANSWER_STORE_RETENTION_DAYS = 30;

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

  const requestsPerMinute = github?.getOptionalNumber('requestsPerMinute');
  if (
    requestsPerMinute !== undefined &&
    !(
      Number.isInteger(requestsPerMinute) &&
      requestsPerMinute >= 0 &&
      requestsPerMinute <= MAX_REQUESTS_PER_MINUTE
    )
  ) {
    throw new Error(
      `gitops.github.requestsPerMinute must be a whole number of requests from 0 (no pacing) to ${MAX_REQUESTS_PER_MINUTE}, got ${requestsPerMinute}`,
    );
  }

  const shared = github?.getOptionalConfig('sharedCache');
  const ttlSeconds =
    shared?.getOptionalNumber('ttlSeconds') ?? DEFAULT_SHARED_CACHE_TTL_SECONDS;
  if (!(ttlSeconds >= 1)) {
    throw new Error(
      `gitops.github.sharedCache.ttlSeconds must be at least 1, got ${ttlSeconds}`,
    );
  }
  const answers = github?.getOptionalConfig('answerStore');
  const retentionDays =
    answers?.getOptionalNumber('retentionDays') ??
    DEFAULT_ANSWER_STORE_RETENTION_DAYS;
  if (!(retentionDays > 0)) {
    throw new Error(
      `gitops.github.answerStore.retentionDays must be a positive number of days, got ${retentionDays}`,
    );
  }
  // Backstage's memory store is one unbounded Map per backend (expiry only
  // on read): it shares nothing across replicas and would keep every
  // answer for a day, so the shared layer is on by default only for a
  // store that replicas share.
  const store = config.getOptionalString('backend.cache.store') ?? 'memory';
  return {
    retry: policy,
    requestsPerMinute,
    sharedCache: {
      enabled: shared?.getOptionalBoolean('enabled') ?? store !== 'memory',
      ttlMs: ttlSeconds * 1000,
    },
    answerStore: {
      enabled: answers?.getOptionalBoolean('enabled') ?? true,
      retentionDays,
    },
  };
}
