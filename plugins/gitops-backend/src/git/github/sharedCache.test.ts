import type { CacheService } from '@backstage/backend-plugin-api';
import {
  GitHubFacade,
  GitServer,
  RedisServer,
  startGitHubFacade,
  startGitServer,
  startRedis,
} from '@gitops-console/testkit';
import { createDeployHistory, DeployHistory } from '../testUtils/deployHistory';
import { startCacheService } from './__testUtils__/githubBackend';
import { facadeProvider } from './__testUtils__/facadeProvider';

jest.setTimeout(120_000);

const TOKEN = 'ghs_shared-cache-token-9f3a';
const HOST = 'github.shared.test';
const repoUrl = `https://${HOST}/acme/deploy`;
const REF_ROUTE = '/repos/{owner}/{repo}/git/ref/{ref}';

let git: GitServer;
let facade: GitHubFacade;
let history: DeployHistory;
let redis: RedisServer;

beforeAll(async () => {
  [git, redis] = await Promise.all([startGitServer(), startRedis()]);
  history = await createDeployHistory(git, 'acme/deploy');
  facade = await startGitHubFacade({ git, token: TOKEN });
});

afterAll(async () => {
  await facade?.stop();
  await git?.stop();
  // Redis is not stopped here: Backstage's cache service never closes its
  // Redis client (backend-defaults 0.19, @keyv/redis 4.6, no 'error'
  // listener on the client), so a Redis going away while this process
  // lives raises an unhandled 'error' — logged by a real backend, fatal to
  // a Jest file. The testkit ends it, folder included, when we exit.
});

const provider = (cache: CacheService, token = TOKEN) =>
  facadeProvider({ host: HOST, apiBaseUrl: facade.url, token }, { cache });

/** What the facade served since `from`, by route. */
const served = (from: number, route?: string) =>
  facade.served.slice(from).filter(r => !route || r.template === route);

describe.each([
  ['memory', () => ({ store: 'memory' })],
  ['redis', () => ({ store: 'redis', connection: redis.url })],
])('a cache shared by two providers (%s store)', (store, backendCache) => {
  let cache: CacheService;
  let stopCache: () => Promise<void>;
  beforeAll(async () => {
    ({ cache, stop: stopCache } = await startCacheService(backendCache()));
  });
  afterAll(() => stopCache?.());

  it("revalidates with the first one's ETag (a 304) instead of a full fetch", async () => {
    // Each store gets a branch of its own, so no other test warmed it.
    const branch = `shared-${store}`;
    await history.repo.branch(branch, history.docs);
    const ref = { repoUrl, ref: branch };
    const first = provider(cache);
    const from = facade.served.length;
    await expect(first.resolveRevision(ref)).resolves.toBe(history.docs);
    const [fetched] = served(from, REF_ROUTE);
    expect(fetched.status).toBe(200);

    const second = provider(cache);
    const next = facade.served.length;
    await expect(second.resolveRevision(ref)).resolves.toBe(history.docs);
    const revalidations = served(next, REF_ROUTE);
    expect(revalidations.map(r => r.status)).toEqual([304]);
    expect(revalidations[0].ifNoneMatch).toBe(fetched.headers.etag);
    console.log(
      `shared cache (${store}): second provider's ref read: ${revalidations.length} request, a 304 with the first's ETag`,
    );
  });

  it('serves answers addressed by SHA, trees included, without any request', async () => {
    const first = provider(cache);
    const commit = { repoUrl, sha: history.squashPr34 };
    const entry = { ...commit, path: 'apps/inventory' };
    await first.getCommit(commit);
    await first.statTreeEntry(entry);
    const file = await first.readTreeEntry({
      ...commit,
      path: 'apps/inventory/deployment.yaml',
    });

    const second = provider(cache);
    const from = facade.served.length;
    await expect(second.getCommit(commit)).resolves.toEqual(
      await first.getCommit(commit),
    );
    await expect(second.statTreeEntry(entry)).resolves.toBe('dir');
    await expect(
      second.readTreeEntry({
        ...commit,
        path: 'apps/inventory/deployment.yaml',
      }),
    ).resolves.toEqual(file);
    expect(served(from)).toEqual([]);
  });

  it('never serves one credential what another one read', async () => {
    const ref = { repoUrl, ref: 'main' };
    await provider(cache).resolveRevision(ref);
    const from = facade.served.length;
    const other = provider(cache, 'ghs_another-token-0000');
    // The facade refuses the other token: it was asked, not the cache.
    await expect(other.resolveRevision(ref)).rejects.toThrow();
    expect(served(from, REF_ROUTE).map(r => r.status)).toEqual([401]);
  });
});

describe('what the shared cache holds on Redis', () => {
  it('is small JSON under hashed keys (no repository name), without credentials', async () => {
    const { cache, stop } = await startCacheService({
      store: 'redis',
      connection: redis.url,
    });
    try {
      await provider(cache).resolveRevision({ repoUrl, ref: 'main' });
      // Writes are not awaited by reads: wait for them to land.
      let keys: string[] = [];
      for (let i = 0; i < 50 && keys.length === 0; i++) {
        keys = (await redis.command('KEYS', '*')) as string[];
        if (!keys.length) await new Promise(r => setTimeout(r, 100));
      }
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        // Backstage's cache service namespaces by plugin and encodes the key.
        const [namespace, encoded] = key.split(':');
        expect(namespace).toBe('gitops');
        expect(Buffer.from(encoded, 'base64').toString('utf8')).toMatch(
          /^github-answer:v1:[0-9a-f]{64}$/,
        );
        const value = String(await redis.command('GET', key));
        expect(value).not.toContain(TOKEN);
        expect(value).not.toMatch(/authorization/i);
        expect(Buffer.byteLength(value)).toBeLessThanOrEqual(128 * 1024 + 64);
        expect(() => JSON.parse(value)).not.toThrow();
      }
    } finally {
      await stop();
    }
  });
});
