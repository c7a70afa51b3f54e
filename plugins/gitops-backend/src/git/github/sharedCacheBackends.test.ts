import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import {
  startGitHubFacade,
  startGitServer,
  startRedis,
  startTestEnvironment,
  waitFor,
  type GitHubFacade,
  type GitServer,
  type RedisServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import {
  GithubBackend,
  GITHUB_TOKEN,
  seedGithubDeployment,
  startGithubBackend,
} from './__testUtils__/githubBackend';

jest.setTimeout(300_000);

/** The answer without what differs between processes by nature. */
function comparable(body: EntityDeploymentsResponse) {
  const { observedAt, signalChannel, ...rest } = body;
  return {
    ...rest,
    deployments: rest.deployments.map(({ lastSeenAt, ...d }) => d),
  };
}

/**
 * Two backends, one after the other, on one Redis (`backend.cache.store:
 * redis`): the second one's GitHub reads are revalidations with the
 * first one's ETags (304, free of rate limit) or no request at all, never
 * a full fetch of what the first one read, and it answers the same.
 */
describe('GitHub answers shared by backends through Redis', () => {
  let env: TestEnvironment;
  let git: GitServer;
  let facade: GitHubFacade;
  let redis: RedisServer;
  let backend: GithubBackend | undefined;

  const start = () =>
    startGithubBackend({
      facade,
      env,
      backend: { cache: { store: 'redis', connection: redis.url } },
      // Revalidate on every read, so the second backend must ask GitHub.
      gitops: { git: { fetchIntervalSeconds: 0 } },
    });
  const built = async (b: GithubBackend) => {
    let body: EntityDeploymentsResponse | undefined;
    await waitFor(
      'the answer with its pending commit',
      async () =>
        (body = await b.answer()).deployments[0]?.pendingCommits.length === 1,
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    return body!;
  };

  beforeAll(async () => {
    [env, git, redis] = await Promise.all([
      startTestEnvironment(),
      startGitServer(),
      startRedis(),
    ]);
    facade = await startGitHubFacade({ git, token: GITHUB_TOKEN });
    await seedGithubDeployment(git, env);
  });

  afterAll(async () => {
    await backend?.stop();
    await facade?.stop();
    // Redis outlives this file's backends: their cache clients are never
    // closed (see sharedCache.test.ts); the testkit ends it at exit.
    await Promise.all([env?.stop(), git?.stop()]);
  });

  it("revalidates with the first backend's ETags instead of fetching again", async () => {
    const first = await start();
    backend = first;
    const firstAnswer = await built(first);
    await first.stop();
    backend = undefined;
    const firstServed = facade.served.slice();
    const etags = new Set(
      firstServed.filter(r => r.status === 200).map(r => r.headers.etag),
    );
    const fetchedPaths = new Set(
      firstServed.filter(r => r.status === 200).map(r => r.path),
    );

    const from = facade.served.length;
    const second = await start();
    backend = second;
    const secondAnswer = await built(second);
    const secondServed = facade.served.slice(from);

    const revalidated = secondServed.filter(r => r.status === 304);
    const refetched = secondServed.filter(
      r => r.status === 200 && fetchedPaths.has(r.path),
    );
    console.log(
      `first backend: ${firstServed.length} GitHub requests (${fetchedPaths.size} paths fetched); second backend on the same Redis: ${secondServed.length} requests — ${revalidated.length} revalidations answered 304 with the first's ETags, ${refetched.length} full fetches of what the first read`,
    );
    expect(revalidated.length).toBeGreaterThan(0);
    for (const r of revalidated)
      expect(etags.has(r.ifNoneMatch ?? '')).toBe(true);
    expect(refetched).toEqual([]);
    expect(comparable(secondAnswer)).toEqual(comparable(firstAnswer));
  });
});
