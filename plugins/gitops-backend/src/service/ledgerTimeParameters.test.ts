import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startEmptyGitOpsBackend } from './__testUtils__/emptyGitOpsBackend';

// Found by the API fuzz run (docs/fuzzing.md): a `from` or `to` shaped like
// a UTC time but naming none (month 13) was a 500 RangeError, and a time
// sent with its colons unencoded, as curl sends it, was refused.
describe('ledger time parameters', () => {
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, stop } = await startEmptyGitOpsBackend());
  });
  afterAll(() => stop?.());

  const get = (query: string) =>
    request(server)
      .get(`/api/gitops/ledger${query}`)
      .set('authorization', mockCredentials.user.header());

  it('accepts a UTC time with its colons as they are', async () => {
    const res = await get('?from=2026-11-01T00:00:00Z&to=2026-11-30T23:59:59Z');
    expect(res.body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it.each([
    ['a month that does not exist', 'to=2026-13-45T99:00:00Z', /\bto\b/],
    ['a day that does not exist', 'from=2026-02-31T00:00:00Z', /\bfrom\b/],
    ['no time at all', 'from=yesterday', /\bfrom\b/],
  ])('answers %s with a 400 naming the parameter', async (_what, q, name) => {
    const res = await get(`?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(name);
  });
});
