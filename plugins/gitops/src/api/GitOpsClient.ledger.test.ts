import {
  CLIENT_BASE_URL as base,
  clientAnswering,
  json,
} from '../__testUtils__/clientAnswering';

describe('GitOpsClient ledger and metrics', () => {
  it('reads an entity’s ledger with its range and page', async () => {
    const page = { items: [], nextCursor: 'abc' };
    const { client, fetch } = clientAnswering(json(page), json({ items: [] }));
    await expect(
      client.getEntityLedger('component:default/checkout', {
        environment: 'prod',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        cursor: 'NQ',
        limit: 100,
      }),
    ).resolves.toEqual(page);
    await client.getEntityLedger('component:default/checkout');
    const [first, second] = fetch.mock.calls.map(c => new URL(c[0] as string));
    expect(first.pathname).toBe(
      '/api/gitops/entities/default/component/checkout/ledger',
    );
    expect(Object.fromEntries(first.searchParams)).toEqual({
      environment: 'prod',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      cursor: 'NQ',
      limit: '100',
    });
    expect(second.href).toBe(
      `${base}/entities/default/component/checkout/ledger`,
    );
  });

  it('asks for an entity’s metrics over the chosen window', async () => {
    const body = { entityRef: 'component:default/checkout', windowDays: 90 };
    const { client, fetch } = clientAnswering(json(body));
    await expect(
      client.getEntityMetrics('component:default/checkout', 90),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      `${base}/entities/default/component/checkout/metrics?window=90`,
    );
  });

  it('asks for fleet metrics with the window and fleet filters, not paging', async () => {
    const { client, fetch } = clientAnswering(json({ teams: [] }));
    await client.getFleetMetrics(7, {
      owner: ['group:default/team-a', 'group:default/team-b'],
      environment: ['prod'],
      sort: 'lastSyncedAt',
      limit: 25,
      offset: 50,
    });
    const url = new URL(fetch.mock.calls[0][0] as string);
    expect(url.pathname).toBe('/api/gitops/metrics');
    expect(url.searchParams.get('window')).toBe('7');
    expect(url.searchParams.getAll('owner')).toEqual([
      'group:default/team-a',
      'group:default/team-b',
    ]);
    expect(url.searchParams.getAll('environment')).toEqual(['prod']);
    expect(url.searchParams.has('sort')).toBe(false);
    expect(url.searchParams.has('limit')).toBe(false);
    expect(url.searchParams.has('offset')).toBe(false);
  });

  it('carries the server’s explanation of a refused window', async () => {
    const { client } = clientAnswering(
      json(
        {
          error: { name: 'InputError', message: 'window must be 7, 30 or 90' },
          response: { statusCode: 400 },
        },
        400,
        'Bad Request',
      ),
    );
    await expect(client.getFleetMetrics(30)).rejects.toThrow(
      'Request failed with 400 Bad Request: window must be 7, 30 or 90',
    );
  });
});
