import {
  DEFAULT_FLEET_QUERY,
  hasFilters,
  readFleetQuery,
  writeFleetQuery,
} from './fleetSearchParams';

describe('fleet page URL state', () => {
  it('reads defaults from an empty URL', () => {
    expect(readFleetQuery(new URLSearchParams())).toEqual({
      ...DEFAULT_FLEET_QUERY,
      driftState: undefined,
      health: undefined,
      cluster: undefined,
      environment: undefined,
      owner: undefined,
      system: undefined,
      tool: undefined,
      search: undefined,
    });
  });

  it('reads repeated and comma-separated lists, dropping unknown values', () => {
    const q = readFleetQuery(
      new URLSearchParams(
        'driftState=failing,bogus&driftState=out-of-sync&owner=group:default/team-payments&tool=flux&tool=helm&health=Degraded',
      ),
    );
    expect(q.driftState).toEqual(['failing', 'out-of-sync']);
    expect(q.owner).toEqual(['group:default/team-payments']);
    expect(q.tool).toEqual(['flux']);
    expect(q.health).toEqual(['Degraded']);
  });

  it('ignores invalid sorting and paging', () => {
    const q = readFleetQuery(
      new URLSearchParams('sort=name&order=up&limit=7&offset=-3'),
    );
    expect(q).toMatchObject(DEFAULT_FLEET_QUERY);
  });

  it('writes only what differs from the defaults, and reads it back', () => {
    const query = {
      ...DEFAULT_FLEET_QUERY,
      driftState: ['failing' as const],
      environment: ['production'],
      search: 'pay',
      sort: 'lastSyncedAt' as const,
      order: 'desc' as const,
      limit: 50,
      offset: 50,
    };
    const params = writeFleetQuery(query);
    expect(params.toString()).toBe(
      'driftState=failing&environment=production&search=pay&sort=lastSyncedAt&order=desc&limit=50&offset=50',
    );
    expect(readFleetQuery(params)).toMatchObject(query);
    expect(writeFleetQuery(DEFAULT_FLEET_QUERY).toString()).toBe('');
  });

  it('knows when a view is filtered', () => {
    expect(hasFilters(DEFAULT_FLEET_QUERY)).toBe(false);
    expect(hasFilters({ search: 'x' })).toBe(true);
    expect(hasFilters({ owner: ['a'] })).toBe(true);
    expect(hasFilters({ owner: [] })).toBe(false);
  });
});
