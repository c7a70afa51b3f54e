import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startEmptyGitOpsBackend } from './__testUtils__/emptyGitOpsBackend';

// Issue 10 §7: the fleet page sent lists as `a,b` and searches with `*`,
// and the API's request validation refused both.
describe('fleet query parameters', () => {
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, stop } = await startEmptyGitOpsBackend());
  });
  afterAll(() => stop?.());

  const get = (query: string) =>
    request(server)
      .get(`/api/gitops/deployments${query}`)
      .set('authorization', mockCredentials.user.header());

  it.each([
    ['a comma list', '?driftState=failing,behind'],
    ['a repeated list', '?driftState=failing&driftState=behind'],
    ['an unencoded star', '?search=check*'],
    ['reserved characters', '?search=a:b/c?d@e'],
    ['an encoded search', `?search=${encodeURIComponent('check* (eu) #1')}`],
  ])('accepts %s', async (_what, query) => {
    const res = await get(query);
    expect(res.body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('still refuses a drift state that does not exist, naming it', async () => {
    const res = await get('?driftState=failing,sideways');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/sideways/);
  });
});
