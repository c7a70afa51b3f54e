import { GitServer, startGitServer } from '../git/gitServer';
import { waitFor } from '../process/waitFor';
import { GitHubFacade, startGitHubFacade } from './gitHubFacade';

jest.setTimeout(60_000);

describe('GitHub facade faults', () => {
  let git: GitServer;
  let facade: GitHubFacade;
  const token = 'faults-test-token';
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${facade.url}${path}`, {
      headers: { authorization: `token ${token}`, ...headers },
    });

  beforeAll(async () => {
    git = await startGitServer({ token });
    facade = await startGitHubFacade({ git, token });
    const repo = await git.createRepository('acme/faults');
    await repo.commit({ message: 'first', files: { 'a.txt': 'a' } });
  });
  afterAll(async () => {
    await facade?.stop();
    await git?.stop();
  });
  afterEach(() => facade.clearFaults());

  it('cuts the connection without an answer for a reset', async () => {
    facade.injectFault({ status: 'reset', path: '/repos/acme/faults' });
    const error = await get('/repos/acme/faults').catch(e => e);
    expect(error?.name).toBe('TypeError'); // fetch failed
    expect(String(error.cause?.code ?? error.cause?.message)).toMatch(
      /ECONNRESET|other side closed|socket/i,
    );
    expect(facade.served.at(-1)).toMatchObject({
      status: 0,
      template: '/repos/{owner}/{repo}',
      path: '/repos/acme/faults',
    });
    expect((await get('/repos/acme/faults')).status).toBe(200);
  });

  it('fails every matching request during a burst, then answers again', async () => {
    facade.injectFault({ status: 503, forMs: 300 });
    const burst = await Promise.all(
      [1, 2, 3].map(() => get('/repos/acme/faults')),
    );
    expect(burst.map(r => r.status)).toEqual([503, 503, 503]);
    await waitFor(
      'the burst to end',
      async () => (await get('/repos/acme/faults')).status === 200,
      { timeoutMs: 5000, intervalMs: 50 },
    );
  });

  it('names the retry-after and reset a test asks for', async () => {
    facade.injectFault({ status: 429, retryAfterSeconds: 2 });
    expect((await get('/repos/acme/faults')).headers.get('retry-after')).toBe(
      '2',
    );
    facade.injectFault({ status: 503, retryAfterSeconds: 1 });
    expect((await get('/repos/acme/faults')).headers.get('retry-after')).toBe(
      '1',
    );
    const before = Math.floor(Date.now() / 1000);
    facade.injectFault({ status: 403, resetInSeconds: 5, times: 2 });
    const resets = [
      (await get('/repos/acme/faults')).headers.get('x-ratelimit-reset'),
      (await get('/repos/acme/faults')).headers.get('x-ratelimit-reset'),
    ].map(Number);
    // Fixed when injected, like GitHub's reset time.
    expect(resets[0]).toBe(resets[1]);
    expect(resets[0] - before).toBeGreaterThanOrEqual(5);
    expect(resets[0] - before).toBeLessThanOrEqual(7);
  });

  it('records when each answer was given and the If-None-Match it met', async () => {
    const first = await get('/repos/acme/faults');
    const etag = first.headers.get('etag')!;
    const from = Date.now();
    expect(
      (await get('/repos/acme/faults', { 'if-none-match': etag })).status,
    ).toBe(304);
    const served = facade.served.at(-1)!;
    expect(served.ifNoneMatch).toBe(etag);
    expect(served.at).toBeGreaterThanOrEqual(from);
    expect(served.at).toBeLessThanOrEqual(Date.now());
  });
});
