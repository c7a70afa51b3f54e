import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import {
  startGitHubFacade,
  startGitServer,
  startTestEnvironment,
  waitFor,
  type Fault,
  type GitHubFacade,
  type GitServer,
  type ServedResponse,
  type TestEnvironment,
} from '@gitops-console/testkit';
import {
  GithubBackend,
  GITHUB_TOKEN,
  seedGithubDeployment,
  startGithubBackend,
} from './__testUtils__/githubBackend';
import { GithubRetryPolicy, maxRequestsWhileFailing } from './retryPolicy';

jest.setTimeout(300_000);

/** The policy under test, in config form and as the client reads it. */
const RETRY = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelaySeconds: 2,
  maxWaitSeconds: 5,
};
const POLICY: GithubRetryPolicy = {
  maxAttempts: RETRY.maxAttempts,
  baseDelayMs: RETRY.baseDelayMs,
  maxDelayMs: RETRY.maxDelaySeconds * 1000,
  maxWaitMs: RETRY.maxWaitSeconds * 1000,
};
/** Requests at a time per repository (GithubProvider's default): those in flight when a fault begins. */
const IN_FLIGHT = 4;

/**
 * GitHub failing in the ways it does, seen through the plugin's API: the
 * answer keeps its deployment and pending commit (from the cache), says
 * `stale: true` with the reason while GitHub fails, and turns fresh by
 * itself afterwards. The facade counts every request: a failing GitHub
 * gets at most what the retry policy allows, never a storm.
 */
describe('GitHub faults, through the API', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let facade: GitHubFacade;
  let backend: GithubBackend;
  const report: string[] = [];

  const answer = () => backend.answer();
  const fresh = async () => {
    await waitFor(
      'a fresh answer',
      async () => {
        const body = await answer();
        return body.stale === undefined && body.deployments.length === 1;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  };

  /**
   * Injects `fault` for `forMs`, waits for the stale answer, then for the
   * fresh one. Returns the stale answer, what the facade served while the
   * fault lasted, and the times.
   */
  async function throughFault(fault: Fault & { forMs: number }) {
    await fresh();
    const from = facade.served.length;
    const start = Date.now();
    facade.injectFault(fault);
    let stale: EntityDeploymentsResponse | undefined;
    await waitFor(
      'a stale answer',
      async () => Boolean((stale = await answer()).stale),
      { timeoutMs: fault.forMs + 10_000, intervalMs: 50 },
    );
    const staleAfterMs = Date.now() - start;
    await fresh();
    const freshAfterMs = Date.now() - start;
    const end = start + fault.forMs;
    const during = facade.served
      .slice(from)
      .filter(r => r.at >= start && r.at < end);
    return {
      stale: stale!,
      during,
      start,
      end,
      staleAfterMs,
      recoveredAfterEndMs: freshAfterMs - fault.forMs,
    };
  }

  function record(
    name: string,
    result: Awaited<ReturnType<typeof throughFault>>,
    bound: number,
  ) {
    const failed = result.during.filter(r => r.status === 0 || r.status >= 400);
    report.push(
      `${name}: ${result.during.length} requests while it lasted (${
        failed.length
      } failed; bound ${bound}), stale after ${
        result.staleAfterMs
      } ms, fresh ${Math.max(0, result.recoveredAfterEndMs)} ms after it ended`,
    );
  }

  const expectCachedData = (body: EntityDeploymentsResponse) => {
    expect(body.deployments).toHaveLength(1);
    expect(body.deployments[0].pendingCommits.map(c => c.message)).toEqual([
      'inventory: scale out (#7)',
    ]);
  };

  beforeAll(async () => {
    [env, git] = await Promise.all([startTestEnvironment(), startGitServer()]);
    facade = await startGitHubFacade({ git, token: GITHUB_TOKEN });
    await seedGithubDeployment(git, env);
    backend = await startGithubBackend({
      facade,
      env,
      gitops: {
        // Revalidate every second: the refresh asks GitHub all the time.
        git: { fetchIntervalSeconds: 1 },
        github: { retry: RETRY },
      },
    });
    await waitFor(
      'the first answer',
      async () => (await answer()).deployments.length === 1,
      { timeoutMs: 120_000, intervalMs: 200 },
    );
  });

  afterAll(async () => {
    console.log(
      `GitHub faults (policy ${JSON.stringify(RETRY)}):\n${report.join('\n')}`,
    );
    await backend?.stop();
    await facade?.stop();
    await Promise.all([env?.stop(), git?.stop()]);
  });

  afterEach(() => facade.clearFaults());

  it('reads the deployment and its pending commit from GitHub, revalidating with 304s', async () => {
    const body = await answer();
    expect(body.stale).toBeUndefined();
    expectCachedData(body);
    await waitFor(
      'a revalidation',
      async () => facade.served.some(r => r.status === 304),
      { timeoutMs: 10_000 },
    );
  });

  it.each([
    ['a burst of 503s', 503, /^GitHub answered 503: Server Error/],
    ['connection resets', 'reset', /^GitHub could not be reached: /],
  ] as const)(
    'serves the cache, stale, through %s, backing off to one probe at a time',
    async (name, status, reason) => {
      const forMs = 6000;
      const result = await throughFault({ status, forMs });
      expect(result.stale.stale).toBe(true);
      expect(result.stale.staleReasons?.[0]).toMatch(reason);
      expectCachedData(result.stale);

      const bound = maxRequestsWhileFailing(POLICY, forMs, IN_FLIGHT);
      record(name, result, bound);
      expect(result.during.length).toBeLessThanOrEqual(bound);
      // It did retry: more than the first failure reached GitHub.
      expect(result.during.length).toBeGreaterThan(1);
      // Backoff: after the first failure, one request at a time, and each
      // failure in a row waits longer (jitter only lengthens the pause).
      const failures = result.during.filter(
        r => r.status === 0 || r.status >= 500,
      );
      const gaps = failures.slice(1).map((r, i) => r.at - failures[i].at);
      const probeGaps = gaps.slice(IN_FLIGHT - 1);
      expect(Math.min(...probeGaps, POLICY.baseDelayMs)).toBeGreaterThanOrEqual(
        POLICY.baseDelayMs - 20,
      );
      expect(result.recoveredAfterEndMs).toBeLessThan(15_000);
    },
  );

  // Waits longer than maxWaitSeconds: the cache is served (stale) at once
  // and GitHub is not asked before its time. (Shorter waits are waited
  // out by the read itself: GithubProvider.test.ts.)
  it('serves the cache through a 429 with retry-after, sending nothing sooner', async () => {
    const retryAfterSeconds = RETRY.maxWaitSeconds + 1;
    const result = await throughFault({
      status: 429,
      retryAfterSeconds,
      forMs: retryAfterSeconds * 1000,
    });
    expect(result.stale.staleReasons?.[0]).toMatch(
      /^GitHub rate limit exceeded; resets at /,
    );
    expectCachedData(result.stale);
    const first = result.during.find(r => r.status === 429)!;
    const asked = first.at + retryAfterSeconds * 1000;
    assertNothingSentBetween(first, asked, result.during);
    record(`a 429 with retry-after: ${retryAfterSeconds}`, result, IN_FLIGHT);
    expect(result.during.length).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('serves the cache through a used-up rate limit (403) until its reset, sending nothing sooner', async () => {
    const resetInSeconds = RETRY.maxWaitSeconds + 2;
    const result = await throughFault({
      status: 403,
      resetInSeconds,
      forMs: resetInSeconds * 1000,
    });
    expect(result.stale.staleReasons?.[0]).toMatch(
      /^GitHub rate limit exceeded; resets at /,
    );
    expectCachedData(result.stale);
    const first = result.during.find(r => r.status === 403)!;
    const reset = Number(first.headers['x-ratelimit-reset']) * 1000;
    assertNothingSentBetween(first, reset, result.during);
    // After the reset, the first request is answered (GitHub was asked again).
    const after = facade.served.filter(r => r.at >= reset);
    expect(after[0]?.status).toBeLessThan(400);
    record(
      `a 403 rate limit (reset in ${resetInSeconds} s)`,
      result,
      IN_FLIGHT,
    );
    expect(result.during.length).toBeLessThanOrEqual(IN_FLIGHT);
  });

  /**
   * After the first rate-limit answer, only requests already on their way
   * may reach GitHub before the time it named.
   */
  function assertNothingSentBetween(
    first: ServedResponse,
    until: number,
    during: ServedResponse[],
  ) {
    const early = facade.served.filter(r => r.at > first.at && r.at < until);
    expect(early.length).toBeLessThanOrEqual(IN_FLIGHT - 1);
    expect(early.every(r => r.status === first.status)).toBe(true);
    expect(during.length).toBeGreaterThan(0);
  }
});
