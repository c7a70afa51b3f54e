/**
 * How GitHub requests are retried (see docs/resilience-github.md). One
 * policy serves two things: the retries of one request, and the pause a
 * whole API host and credential (a "bucket") takes after failures, so a
 * failing GitHub sees one request at a time, never a storm.
 */
export interface GithubRetryPolicy {
  /** Sends of one request at most, the first included. */
  maxAttempts: number;
  /** The pause after a bucket's first failure; doubled per further failure. */
  baseDelayMs: number;
  /** The longest pause after failures. */
  maxDelayMs: number;
  /**
   * The longest wait that GitHub may ask for (`retry-after`, a rate-limit
   * reset) that a request waits out to retry. Longer waits are not waited
   * for: cached answers are served (stale) and no request is sent until
   * then.
   */
  maxWaitMs: number;
}

export const DEFAULT_GITHUB_RETRY_POLICY: GithubRetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 10_000,
};

/**
 * The nominal pause after a bucket's `failures`-th failure in a row:
 * exponential from `baseDelayMs`, capped at `maxDelayMs`.
 */
export function nominalBackoffMs(
  policy: GithubRetryPolicy,
  failures: number,
): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * The pause actually taken: the nominal one plus up to half of it again,
 * drawn at random so that replicas and requests that failed together do
 * not come back together. Jitter only lengthens the pause.
 */
export function backoffMs(
  policy: GithubRetryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const nominal = nominalBackoffMs(policy, failures);
  return Math.round(nominal * (1 + random() / 2));
}

/**
 * The wait before retrying after GitHub named a time (`retry-after`, a
 * rate-limit reset): that time, plus up to `baseDelayMs` of jitter. Never
 * earlier than GitHub asked.
 */
export function serverWaitMs(
  policy: GithubRetryPolicy,
  retryAt: number,
  now: number,
  random: () => number = Math.random,
): number {
  return Math.max(0, retryAt - now) + Math.round(random() * policy.baseDelayMs);
}

/**
 * The most requests one bucket sends while GitHub fails every one of them
 * for `durationMs`: those already on their way when the failure began
 * (`inFlight`, at most the concurrency allowed), then one probe at a time,
 * each after the nominal pause of its failure count (jitter only adds).
 */
export function maxRequestsWhileFailing(
  policy: GithubRetryPolicy,
  durationMs: number,
  inFlight: number,
): number {
  let probes = 0;
  let elapsed = 0;
  for (let failures = 1; ; failures++) {
    elapsed += nominalBackoffMs(policy, failures);
    if (elapsed > durationMs) break;
    probes += 1;
  }
  return inFlight + probes;
}

/**
 * Checks a policy; an error names the setting of the bad value (`names`
 * maps a field to its config key, since config takes some in seconds).
 */
export function validateRetryPolicy(
  policy: GithubRetryPolicy,
  names: Partial<Record<keyof GithubRetryPolicy, string>> = {},
): GithubRetryPolicy {
  const check = (key: keyof GithubRetryPolicy, min: number, unit = 1) => {
    const value = policy[key];
    if (!Number.isFinite(value) || value < min) {
      throw new Error(
        `${names[key] ?? key} must be a number of at least ${min / unit}, got ${
          value / unit
        }`,
      );
    }
  };
  check('maxAttempts', 1);
  if (!Number.isInteger(policy.maxAttempts)) {
    throw new Error(
      `${names.maxAttempts ?? 'maxAttempts'} must be a whole number, got ${
        policy.maxAttempts
      }`,
    );
  }
  check('baseDelayMs', 1);
  const secondsUnit = (key: keyof GithubRetryPolicy) =>
    names[key]?.endsWith('Seconds') ? 1000 : 1;
  check('maxDelayMs', policy.baseDelayMs, secondsUnit('maxDelayMs'));
  check('maxWaitMs', 0, secondsUnit('maxWaitMs'));
  return policy;
}
