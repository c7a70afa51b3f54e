import {
  CLIENT_BASE_URL as base,
  clientAnswering,
  json,
} from '../__testUtils__/clientAnswering';

function backstageError(status: number, statusText: string, message: string) {
  return json(
    { error: { name: 'SomeError', message }, response: { statusCode: status } },
    status,
    statusText,
  );
}

describe('GitOpsClient', () => {
  it('reads /health from the gitops backend', async () => {
    const body = { status: 'ok', version: '0.1.0', clusters: ['staging'] };
    const { client, fetch } = clientAnswering(json(body));
    await expect(client.getHealth()).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(`${base}/health`);
  });

  it('reads an entity’s deployments from a string or compound ref', async () => {
    const { client, fetch } = clientAnswering(
      json({ deployments: [] }),
      json({ deployments: [] }),
    );
    await client.getEntityDeployments('component:default/inventory');
    await client.getEntityDeployments({
      kind: 'Component',
      namespace: 'team a',
      name: 'checkout',
    });
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${base}/entities/default/component/inventory/deployments`,
      `${base}/entities/team%20a/Component/checkout/deployments`,
    ]);
  });

  it('defaults the namespace of a short ref', async () => {
    const { client, fetch } = clientAnswering(json({ deployments: [] }));
    await client.getEntityDeployments('component:inventory');
    expect(fetch).toHaveBeenCalledWith(
      `${base}/entities/default/component/inventory/deployments`,
    );
  });

  it('pages the history with limit and cursor', async () => {
    const { client, fetch } = clientAnswering(json({ items: [] }), json({}));
    await client.getEntityHistory('component:default/checkout', {
      limit: 5,
      cursor: 'NQ',
    });
    await client.getEntityHistory('component:default/checkout');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${base}/entities/default/component/checkout/history?limit=5&cursor=NQ`,
      `${base}/entities/default/component/checkout/history`,
    ]);
  });

  it('reads the clusters', async () => {
    const { client, fetch } = clientAnswering(json({ clusters: [] }));
    await expect(client.getClusters()).resolves.toEqual({ clusters: [] });
    expect(fetch).toHaveBeenCalledWith(`${base}/clusters`);
  });

  it('sends fleet filters as repeated parameters with sort and paging', async () => {
    const { client, fetch } = clientAnswering(json({ items: [] }));
    await client.queryFleet({
      driftState: ['out-of-sync', 'failing'],
      owner: ['group:default/team-storefront'],
      tool: ['argocd'],
      search: '  search ',
      sort: 'lastSyncedAt',
      order: 'desc',
      limit: 25,
      offset: 50,
    });
    const url = new URL(fetch.mock.calls[0][0] as string);
    expect(url.pathname).toBe('/api/gitops/deployments');
    expect(url.searchParams.getAll('driftState')).toEqual([
      'out-of-sync',
      'failing',
    ]);
    expect(url.searchParams.get('owner')).toBe('group:default/team-storefront');
    expect(url.searchParams.get('tool')).toBe('argocd');
    expect(url.searchParams.get('search')).toBe('search');
    expect(url.searchParams.get('sort')).toBe('lastSyncedAt');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('offset')).toBe('50');
  });

  it.each([
    ['check*', 'check%2A'],
    ['a b', 'a%20b'],
    ["it's (new)!", 'it%27s%20%28new%29%21'],
    ['x+y&z=1#h?/:@,;$[]', 'x%2By%26z%3D1%23h%3F%2F%3A%40%2C%3B%24%5B%5D'],
    ['café ☕', 'caf%C3%A9%20%E2%98%95'],
  ])(
    'percent-encodes every reserved character of a search (%s), so the backend accepts it',
    async (search, encoded) => {
      const { client, fetch } = clientAnswering(json({ items: [] }));
      await client.queryFleet({ search });
      const url = fetch.mock.calls[0][0] as string;
      expect(url).toBe(`${base}/deployments?search=${encoded}`);
      // What the backend's OpenAPI validator refuses in a raw query value.
      const raw = url.split('?')[1].split('=')[1];
      expect(raw).not.toMatch(/[:/?#[\]@!$&'()*+,;=]/);
      expect(new URL(url).searchParams.get('search')).toBe(search);
    },
  );

  it('asks for the whole fleet without parameters', async () => {
    const { client, fetch } = clientAnswering(json({ items: [] }));
    await client.queryFleet();
    expect(fetch).toHaveBeenCalledWith(`${base}/deployments`);
  });

  it('shares one request between identical concurrent reads', async () => {
    const { client, fetch } = clientAnswering(json({ deployments: [1] }));
    const [a, b] = await Promise.all([
      client.getEntityDeployments('component:default/inventory'),
      client.getEntityDeployments('component:default/inventory'),
    ]);
    expect(a).toEqual(b);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks again once the previous read has finished', async () => {
    const { client, fetch } = clientAnswering(json({}), json({}));
    await client.getClusters();
    await client.getClusters();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each([
    [404, 'Not Found', 'No entity component:default/nope in the catalog'],
    [400, 'Bad Request', "Invalid annotation argocd/app-selector: 'a=='"],
    [422, 'Unprocessable Entity', 'Repository https://x.test/r is not allowed'],
    [403, 'Forbidden', 'denied'],
  ])(
    'turns a %i answer into a ResponseError carrying the server’s message',
    async (status, statusText, message) => {
      const { client } = clientAnswering(
        backstageError(status, statusText, message),
      );
      const error = await client
        .getEntityDeployments('component:default/nope')
        .catch(e => e);
      expect(error).toMatchObject({
        name: 'ResponseError',
        statusCode: status,
        cause: expect.objectContaining({ message }),
      });
      expect(error.message).toBe(
        `Request failed with ${status} ${statusText}: ${message}`,
      );
    },
  );
});
