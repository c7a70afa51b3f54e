import {
  GitHubFacade,
  GitServer,
  startGitHubFacade,
  startGitServer,
  waitFor,
} from '@gitops-console/testkit';
import { GithubRateLimitError, GithubRequestError } from '../errors';
import {
  alice,
  createDeployHistory,
  DeployHistory,
} from '../testUtils/deployHistory';
import { itReadsTheDeployHistory } from '../testUtils/providerContract';
import { facadeProvider } from './__testUtils__/facadeProvider';
import { GithubProvider, GithubProviderOptions } from './GithubProvider';

jest.setTimeout(30_000);

const TOKEN = 'ghs_facade-token-5b1e';
const HOST = 'github.facade.test';
const REF_ROUTE = '/repos/{owner}/{repo}/git/ref/{ref}';
const COMMIT_ROUTE = '/repos/{owner}/{repo}/commits/{ref}';

let server: GitServer;
let facade: GitHubFacade;
let history: DeployHistory;

const makeProvider = (options: Partial<GithubProviderOptions> = {}) =>
  facadeProvider({ host: HOST, apiBaseUrl: facade.url, token: TOKEN }, options);

/** Short pauses, so the tests see retries and pauses end quickly. */
const FAST_RETRY = {
  maxAttempts: 3,
  baseDelayMs: 20,
  maxDelayMs: 200,
  maxWaitMs: 3000,
};

const repoUrl = (name = 'deploy') => `https://${HOST}/acme/${name}`;

/** The statuses the facade answered for one route since `from`. */
const statuses = (route: string, from = 0) =>
  facade.served
    .slice(from)
    .filter(r => r.template === route)
    .map(r => r.status);

beforeAll(async () => {
  server = await startGitServer();
  history = await createDeployHistory(server, 'acme/deploy');
  facade = await startGitHubFacade({ git: server, token: TOKEN });
});

afterAll(async () => {
  await facade?.stop();
  await server?.stop();
});

afterEach(() => {
  facade.clearFaults();
});

describe('GithubProvider against the GitHub facade', () => {
  let provider: GithubProvider;
  beforeAll(() => {
    provider = makeProvider();
  });
  itReadsTheDeployHistory(() => ({ provider, repoUrl: repoUrl(), history }));
});

describe('GithubProvider requests', () => {
  it('serves GitHub and GHE hosts of integrations.github only', () => {
    const provider = makeProvider();
    expect(provider.supports(repoUrl())).toBe(true);
    expect(provider.supports(`git@${HOST}:acme/deploy.git`)).toBe(true);
    expect(provider.supports('https://gitlab.com/acme/deploy')).toBe(false);
    expect(provider.supports(`https://${HOST}/acme/deploy/tree/main`)).toBe(
      false,
    );
  });

  it('revalidates with If-None-Match and reuses the cached body on 304', async () => {
    const provider = makeProvider();
    const from = facade.served.length;
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    expect(statuses(REF_ROUTE, from)).toEqual([200, 304]);
  });

  it('trusts a fresh answer for the revalidation interval', async () => {
    let now = Date.now();
    const provider = makeProvider({
      revalidateAfterSeconds: 30,
      now: () => now,
    });
    const from = facade.served.length;
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    now += 10_000;
    await provider.resolveRevision(ref);
    expect(statuses(REF_ROUTE, from)).toEqual([200]);
    await provider.refresh(repoUrl());
    await provider.resolveRevision(ref);
    expect(statuses(REF_ROUTE, from)).toEqual([200, 304]);
  });

  it('asks once for an answer addressed by SHA', async () => {
    const provider = makeProvider();
    const from = facade.served.length;
    for (let i = 0; i < 3; i++) {
      await provider.getCommit({ repoUrl: repoUrl(), sha: history.docs });
    }
    expect(statuses(COMMIT_ROUTE, from)).toEqual([200]);
  });

  it('reads a commit and its changed files with one request, whoever asks first', async () => {
    const provider = makeProvider();
    const from = facade.served.length;
    const [change] = await provider.listCommitChanges({
      repoUrl: repoUrl(),
      tip: history.featureBump,
      exclude: [history.workerBump],
      limit: 10,
    });
    const commit = await provider.getCommit({
      repoUrl: repoUrl(),
      sha: history.featureBump,
    });
    expect(change.sha).toBe(history.featureBump);
    expect(change.files.length).toBeGreaterThan(0);
    expect(commit).toEqual(
      expect.objectContaining({ sha: change.sha, message: change.message }),
    );
    // The tip's own read and the index's read of its files are one.
    expect(statuses(COMMIT_ROUTE, from)).toEqual([200]);
  });

  it('reads one commit for the index with its own answer alone', async () => {
    const provider = makeProvider();
    const from = facade.served.length;
    const [change] = await provider.listCommitChanges({
      repoUrl: repoUrl(),
      tip: history.initial,
      exclude: [],
      limit: 1,
    });
    expect(change.sha).toBe(history.initial);
    expect(change.files.length).toBeGreaterThan(0);
    expect(facade.served.slice(from).map(r => r.template)).toEqual([
      COMMIT_ROUTE,
    ]);
  });

  it('coalesces identical concurrent requests into one', async () => {
    const provider = makeProvider();
    const from = facade.served.length;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        provider.resolveRevision({ repoUrl: repoUrl(), ref: 'feature' }),
      ),
    );
    expect(new Set(answers)).toEqual(new Set([history.featureBump]));
    expect(statuses(REF_ROUTE, from)).toEqual([200]);
  });

  it('serves the cache when rate-limited, says so, and stops asking until the reset', async () => {
    const provider = makeProvider();
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    expect(provider.getStaleness(repoUrl())).toBeUndefined();

    facade.injectFault({ status: 403, path: /\/git\/ref\// });
    const from = facade.served.length;
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    const resetsAt = new Date(facade.rateLimit.resetAt * 1000).toISOString();
    expect(provider.getStaleness(repoUrl())).toEqual({
      reason: `GitHub rate limit exceeded; resets at ${resetsAt}`,
      since: expect.any(String),
    });

    await provider.resolveRevision(ref);
    expect(statuses(REF_ROUTE, from)).toEqual([403]);
  });

  it('honours retry-after of a secondary rate limit', async () => {
    const provider = makeProvider();
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    facade.injectFault({ status: 429, path: /\/git\/ref\// });
    await provider.resolveRevision(ref);
    expect(provider.getStaleness(repoUrl())?.reason).toMatch(
      /^GitHub rate limit exceeded; resets at /,
    );
  });

  it('throws a clear error when rate-limited with nothing cached', async () => {
    const provider = makeProvider();
    facade.injectFault({ status: 403, path: /\/git\/ref\// });
    const error = await provider
      .resolveRevision({ repoUrl: repoUrl(), ref: 'main' })
      .catch(e => e);
    expect(error).toBeInstanceOf(GithubRateLimitError);
    expect(error.message).toBe(
      `GitHub rate limit exceeded for ${repoUrl()}; resets at ${new Date(
        facade.rateLimit.resetAt * 1000,
      ).toISOString()}, and nothing is cached for this request yet`,
    );
  });

  it('retries a lone 5xx and answers fresh', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    const from = facade.served.length;
    facade.injectFault({ status: 502, path: /\/git\/ref\// });
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    expect(statuses(REF_ROUTE, from)).toEqual([502, 304]);
    expect(provider.getStaleness(repoUrl())).toBeUndefined();
  });

  it('serves the cache while 5xx last, and is fresh again after the pause', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    const from = facade.served.length;
    facade.injectFault({ status: 502, path: /\/git\/ref\//, times: Infinity });
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    // Every attempt of the policy, then the cached answer, marked stale.
    expect(statuses(REF_ROUTE, from)).toEqual([502, 502, 502]);
    expect(provider.getStaleness(repoUrl())?.reason).toBe(
      'GitHub answered 502: Server Error',
    );
    // Paused: another read serves the cache without asking.
    await provider.resolveRevision(ref);
    expect(statuses(REF_ROUTE, from)).toHaveLength(3);
    facade.clearFaults();
    await waitFor(
      'a fresh answer after the pause',
      async () => {
        await provider.resolveRevision(ref);
        return provider.getStaleness(repoUrl()) === undefined;
      },
      { timeoutMs: 5000, intervalMs: 50 },
    );
    expect(statuses(REF_ROUTE, from).slice(3)).toEqual([304]);
  });

  it('retries a connection reset', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    const from = facade.served.length;
    facade.injectFault({ status: 'reset', path: /\/git\/ref\//, times: 2 });
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    expect(statuses(REF_ROUTE, from)).toEqual([0, 0, 304]);
    expect(provider.getStaleness(repoUrl())).toBeUndefined();
  });

  it('names an unreachable GitHub when resets last', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    facade.injectFault({
      status: 'reset',
      path: /\/git\/ref\//,
      times: Infinity,
    });
    await provider.resolveRevision(ref);
    expect(provider.getStaleness(repoUrl())?.reason).toMatch(
      /^GitHub could not be reached: /,
    );
  });

  it('waits out a short retry-after, never retrying sooner', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    const from = facade.served.length;
    facade.injectFault({
      status: 429,
      path: /\/git\/ref\//,
      retryAfterSeconds: 1,
    });
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    const served = facade.served
      .slice(from)
      .filter(r => r.template === REF_ROUTE);
    expect(served.map(r => r.status)).toEqual([429, 304]);
    expect(served[1].at - served[0].at).toBeGreaterThanOrEqual(1000);
    expect(provider.getStaleness(repoUrl())).toBeUndefined();
  });

  it('waits for a near rate-limit reset, then asks once', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    const ref = { repoUrl: repoUrl(), ref: 'main' };
    await provider.resolveRevision(ref);
    const from = facade.served.length;
    facade.injectFault({
      status: 403,
      path: /\/git\/ref\//,
      resetInSeconds: 1,
      forMs: 1000,
    });
    await expect(provider.resolveRevision(ref)).resolves.toBe(
      history.squashPr34,
    );
    const served = facade.served
      .slice(from)
      .filter(r => r.template === REF_ROUTE);
    expect(served.map(r => r.status)).toEqual([403, 304]);
    const resetAt = Number(served[0].headers['x-ratelimit-reset']) * 1000;
    expect(served[1].at).toBeGreaterThanOrEqual(resetAt);
  });

  it('names the status when a 5xx meets an empty cache', async () => {
    const provider = makeProvider({ retry: FAST_RETRY });
    facade.injectFault({ status: 503, path: /\/git\/ref\//, times: Infinity });
    await expect(
      provider.resolveRevision({ repoUrl: repoUrl(), ref: 'main' }),
    ).rejects.toThrow(new GithubRequestError(repoUrl(), 503, 'Server Error'));
  });

  it('says when the repository itself cannot be read', async () => {
    const provider = makeProvider();
    await expect(
      provider.resolveRevision({ repoUrl: repoUrl('missing'), ref: 'main' }),
    ).rejects.toThrow(
      /does not exist or the configured credentials cannot read it/,
    );
  });

  it('lists what a force-pushed `since` cannot reach', async () => {
    const repo = await server.createRepository('acme/force-push');
    const base = await repo.commit({
      message: 'base',
      files: { 'apps/inventory/a.yaml': '1' },
      author: alice,
      date: '2024-03-01T10:00:00Z',
    });
    const deployed = await repo.commit({
      message: 'deployed, later rewritten',
      files: { 'apps/inventory/a.yaml': '2' },
      author: alice,
      date: '2024-03-02T10:00:00Z',
    });
    await repo.branch('main', base);
    const rewritten = await repo.commit({
      message: 'rewritten',
      files: { 'apps/inventory/a.yaml': '3' },
      author: alice,
      date: '2024-03-03T10:00:00Z',
    });
    await repo.commit({
      message: 'outside the path',
      files: { 'docs/x.md': 'x' },
      author: alice,
      date: '2024-03-04T10:00:00Z',
    });
    const provider = makeProvider();
    const url = repoUrl('force-push');
    await expect(
      provider.isAncestor({
        repoUrl: url,
        ancestor: deployed,
        descendant: rewritten,
      }),
    ).resolves.toBe(false);
    const list = await provider.listCommits({
      repoUrl: url,
      ref: 'main',
      path: 'apps/inventory',
      since: deployed,
      limit: 20,
    });
    expect(list.commits.map(c => c.sha)).toEqual([rewritten]);
  });
});

describe('GithubProvider pacing (gitops.github.requestsPerMinute)', () => {
  /** A provider on a clock that only its waits move; `waits` records each with the requests served before it. */
  const pacedProvider = (requestsPerMinute: number) => {
    let now = Date.now();
    const waits: Array<{ ms: number; servedBefore: number }> = [];
    const provider = makeProvider({
      requestsPerMinute,
      now: () => now,
      sleep: async ms => {
        waits.push({ ms, servedBefore: facade.served.length });
        now += ms;
      },
    });
    return { provider, waits };
  };
  const ref = () => ({ repoUrl: repoUrl(), ref: 'main' });

  it('sends at most the configured number a minute: the third of three at 2 waits out the first one’s minute', async () => {
    const { provider, waits } = pacedProvider(2);
    const before = facade.served.length;
    for (let i = 0; i < 3; i++) await provider.resolveRevision(ref());
    // Each call revalidates: three requests, the third after its wait.
    expect(facade.served.length - before).toBe(3);
    expect(waits).toEqual([{ ms: 60_000, servedBefore: before + 2 }]);
  });

  it('does not make a read wait for a turn while its bucket is paused: it serves the cached answer at once', async () => {
    const { provider, waits } = pacedProvider(1);
    await provider.resolveRevision(ref());
    facade.injectFault({ status: 403, path: /\/git\/ref\// });
    // The limit's turn is a minute away, but the 403 pauses the bucket
    // (the first read after it is its own retry, not a paced one).
    await expect(provider.resolveRevision(ref())).resolves.toBe(
      history.squashPr34,
    );
    const waited = waits.length;
    await expect(provider.resolveRevision(ref())).resolves.toBe(
      history.squashPr34,
    );
    expect(provider.getStaleness(repoUrl())?.reason).toMatch(
      /^GitHub rate limit exceeded/,
    );
    expect(waits.length).toBe(waited);
  });
});
