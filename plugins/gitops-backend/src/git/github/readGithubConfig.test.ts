import { ConfigReader } from '@backstage/config';
import { readGithubConfig } from './readGithubConfig';
import { DEFAULT_GITHUB_RETRY_POLICY } from './retryPolicy';

const read = (github?: object, backend?: object) =>
  readGithubConfig(
    new ConfigReader({
      gitops: github ? { github } : {},
      ...(backend && { backend }),
    }),
  );

describe('readGithubConfig', () => {
  it('defaults to 3 attempts, 0.5 s doubling to 30 s, waits of up to 10 s, no shared layer on the memory store', () => {
    expect(read()).toEqual({
      retry: {
        maxAttempts: 3,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        maxWaitMs: 10_000,
      },
      sharedCache: { enabled: false, ttlMs: 86_400_000 },
      answerStore: { enabled: true, retentionDays: 30 },
    });
    expect(read().retry).toEqual(DEFAULT_GITHUB_RETRY_POLICY);
  });

  it('shares answers for a day when replicas share the cache store', () => {
    const redis = { cache: { store: 'redis', connection: 'redis://r:6379' } };
    expect(read(undefined, redis).sharedCache).toEqual({
      enabled: true,
      ttlMs: 86_400_000,
    });
    expect(
      read({ sharedCache: { enabled: false } }, redis).sharedCache.enabled,
    ).toBe(false);
    expect(
      read({ sharedCache: { enabled: true } }, { cache: { store: 'memory' } })
        .sharedCache.enabled,
    ).toBe(true);
  });

  it('reads the settings, seconds where the key says so', () => {
    expect(
      read({
        retry: {
          maxAttempts: 5,
          baseDelayMs: 250,
          maxDelaySeconds: 4,
          maxWaitSeconds: 0,
        },
        sharedCache: { enabled: false, ttlSeconds: 600 },
      }),
    ).toEqual({
      retry: {
        maxAttempts: 5,
        baseDelayMs: 250,
        maxDelayMs: 4000,
        maxWaitMs: 0,
      },
      sharedCache: { enabled: false, ttlMs: 600_000 },
      answerStore: { enabled: true, retentionDays: 30 },
    });
  });

  it('keeps immutable answers in the database for 30 days unless told otherwise', () => {
    expect(read({}).answerStore).toEqual({ enabled: true, retentionDays: 30 });
    expect(
      read({ answerStore: { enabled: false, retentionDays: 7 } }).answerStore,
    ).toEqual({ enabled: false, retentionDays: 7 });
  });

  it('paces by host unless requestsPerMinute is set (0: not at all)', () => {
    expect(read({}).requestsPerMinute).toBeUndefined();
    expect(read({ requestsPerMinute: 450 }).requestsPerMinute).toBe(450);
    expect(read({ requestsPerMinute: 0 }).requestsPerMinute).toBe(0);
  });

  it.each([
    [
      { requestsPerMinute: -1 },
      'gitops.github.requestsPerMinute must be a whole number of requests from 0 (no pacing) to 100000, got -1',
    ],
    [
      { requestsPerMinute: 2.5 },
      'gitops.github.requestsPerMinute must be a whole number of requests from 0 (no pacing) to 100000, got 2.5',
    ],
    [
      { requestsPerMinute: 1e9 },
      'gitops.github.requestsPerMinute must be a whole number of requests from 0 (no pacing) to 100000, got 1000000000',
    ],
    [
      { retry: { maxAttempts: 0 } },
      'gitops.github.retry.maxAttempts must be a number of at least 1, got 0',
    ],
    [
      { retry: { maxAttempts: 1.5 } },
      'gitops.github.retry.maxAttempts must be a whole number, got 1.5',
    ],
    [
      { retry: { baseDelayMs: 0 } },
      'gitops.github.retry.baseDelayMs must be a number of at least 1, got 0',
    ],
    [
      { retry: { baseDelayMs: 2000, maxDelaySeconds: 1 } },
      'gitops.github.retry.maxDelaySeconds must be a number of at least 2, got 1',
    ],
    [
      { retry: { maxWaitSeconds: -1 } },
      'gitops.github.retry.maxWaitSeconds must be a number of at least 0, got -1',
    ],
    [
      { sharedCache: { ttlSeconds: 0 } },
      'gitops.github.sharedCache.ttlSeconds must be at least 1, got 0',
    ],
    [
      { answerStore: { retentionDays: 0 } },
      'gitops.github.answerStore.retentionDays must be a positive number of days, got 0',
    ],
  ])('names the key of a bad value: %j', (github, message) => {
    expect(() => read(github)).toThrow(message);
  });
});
