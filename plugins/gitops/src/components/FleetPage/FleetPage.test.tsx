import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  GITOPS_FLEET_SIGNAL_CHANNEL,
  type FleetFacets,
  type FleetQuery,
} from '@gitops-console/plugin-gitops-common';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { gitopsApiRef, type GitOpsApi } from '../../api/GitOpsApi';
import {
  deployment,
  deploymentIn,
  fakeGitOpsApi,
  fleetDeployment,
  fleetResponse,
  HOUR_AGO,
  responseError,
} from '../../__testUtils__/fixtures';
import { FleetPage } from './FleetPage';

const items = [
  fleetDeployment(deploymentIn('out-of-sync'), {
    entityRef: 'component:default/catalog-search',
    entityTitle: 'catalog-search',
  }),
  fleetDeployment(deployment({ environment: 'staging' })),
  fleetDeployment(deploymentIn('failing', { kind: 'flux-helmrelease' }), {
    entityRef: 'component:default/notifications',
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  }),
];

function renderPage(overrides: Partial<GitOpsApi> = {}, extraApis: any[] = []) {
  const queryFleet = jest.fn(async (_q?: FleetQuery) => fleetResponse(items));
  const api = fakeGitOpsApi({
    queryFleet,
    getClusters: async () => ({ observedAt: HOUR_AGO, clusters: [] }),
    ...overrides,
  });
  const view = renderInTestApp(<FleetPage />, {
    apis: [[gitopsApiRef, api], ...extraApis] as any,
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return {
    queryFleet: (overrides.queryFleet as jest.Mock) ?? queryFleet,
    view,
  };
}

const facets: FleetFacets = {
  driftState: [
    { value: 'out-of-sync', count: 1 },
    { value: 'in-sync', count: 1 },
    { value: 'failing', count: 1 },
  ],
  health: [{ value: 'Healthy', count: 2 }],
  cluster: [
    { value: 'demo-production', count: 2 },
    { value: 'demo-staging', count: 1 },
  ],
  environment: [{ value: 'production', count: 2 }],
  tool: [
    { value: 'argocd', count: 2 },
    { value: 'flux', count: 1 },
  ],
  // An owner that has no deployment among the rows shown: only facets know it.
  owner: [
    { value: 'group:default/team-payments', count: 1 },
    { value: 'group:default/team-search', count: 240 },
    { value: 'group:default/team-storefront', count: 2 },
  ],
  system: [{ value: 'system:default/payments', count: 1 }],
  lifecycle: [],
  type: [],
  tag: [],
};

/** The fleet query of the last table read (the filter options read too). */
function lastQuery(queryFleet: jest.Mock): FleetQuery {
  const calls = queryFleet.mock.calls.filter(([q]) => q?.limit !== 500);
  return calls[calls.length - 1][0];
}

async function chooseOption(label: string, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: new RegExp(label) }));
  const listbox = await screen.findByRole('listbox');
  fireEvent.click(within(listbox).getByRole('option', { name: option }));
  fireEvent.keyDown(listbox, { key: 'Escape' });
  // Let the new query's answer land inside act.
  await act(() => new Promise(r => setTimeout(r, 0)));
}

// Each case renders the whole MUI page several times over; on a loaded
// 2-core machine that alone can pass Jest's default 5 s.
jest.setTimeout(30_000);

describe('FleetPage', () => {
  // The filter options load on their own; let them land inside act.
  afterEach(() => act(() => new Promise(r => setTimeout(r, 0))));

  it('shows totals per drift state and a row per deployment linking to its entity', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Deployments' });
    const totals = screen.getByRole('group', {
      name: 'Totals per drift state',
    });
    expect(
      within(totals).getByRole('button', { name: /1\s*Out of sync/ }),
    ).toHaveAttribute('aria-pressed', 'false');
    expect(
      within(totals).getByRole('button', { name: /1\s*In sync/ }),
    ).toBeInTheDocument();
    expect(
      within(totals).getByRole('button', { name: /0\s*Behind/ }),
    ).toBeInTheDocument();

    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(
      within(rows[0]).getByRole('link', { name: 'catalog-search' }),
    ).toHaveAttribute('href', '/catalog/default/component/catalog-search');
    expect(rows[0]).toHaveTextContent('Out of sync');
    expect(rows[0]).toHaveTextContent('live state differs from Git');
    expect(
      within(rows[0]).getByRole('link', { name: 'team-storefront' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-storefront');
    expect(rows[2]).toHaveTextContent('Flux');
    expect(rows[2]).toHaveTextContent('Degraded');
    expect(screen.getByText('3 deployments')).toBeInTheDocument();
  });

  it('filters by a drift state from its total', async () => {
    const { queryFleet } = renderPage();
    const totals = await screen.findByRole('group', {
      name: 'Totals per drift state',
    });
    fireEvent.click(within(totals).getByRole('button', { name: /Failing/ }));
    await waitFor(() =>
      expect(lastQuery(queryFleet).driftState).toEqual(['failing']),
    );
    expect(
      within(totals).getByRole('button', { name: /Failing/ }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  it('filters by owner and drift state from the selects, and clears them', async () => {
    const { queryFleet } = renderPage();
    await screen.findByRole('table', { name: 'Deployments' });
    await chooseOption('Owner', 'group:default/team-payments');
    await waitFor(() =>
      expect(lastQuery(queryFleet).owner).toEqual([
        'group:default/team-payments',
      ]),
    );
    await chooseOption('Drift state', 'Failing');
    await waitFor(() =>
      expect(lastQuery(queryFleet)).toMatchObject({
        owner: ['group:default/team-payments'],
        driftState: ['failing'],
        offset: 0,
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      const q = lastQuery(queryFleet);
      expect(q.owner).toBeUndefined();
      expect(q.driftState).toBeUndefined();
    });
  }, 20_000);

  it('searches once typing pauses', async () => {
    const { queryFleet } = renderPage();
    const search = await screen.findByRole('searchbox', { name: 'Search' });
    fireEvent.change(search, { target: { value: 'pay' } });
    fireEvent.change(search, { target: { value: 'payments' } });
    await waitFor(() => expect(lastQuery(queryFleet).search).toBe('payments'));
    expect(queryFleet.mock.calls.some(([q]) => q?.search === 'pay')).toBe(
      false,
    );
  });

  it('sorts by a column from its header, with the mouse or the keyboard', async () => {
    const { queryFleet } = renderPage();
    const table = await screen.findByRole('table', { name: 'Deployments' });
    expect(lastQuery(queryFleet)).toMatchObject({
      sort: 'driftState',
      order: 'asc',
    });
    fireEvent.click(within(table).getByRole('button', { name: /Drift/ }));
    await waitFor(() =>
      expect(lastQuery(queryFleet)).toMatchObject({
        sort: 'driftState',
        order: 'desc',
      }),
    );
    const lastSynced = within(table).getByRole('button', {
      name: /Last synced/,
    });
    lastSynced.focus();
    fireEvent.keyDown(lastSynced, { key: 'Enter' });
    await waitFor(() =>
      expect(lastQuery(queryFleet)).toMatchObject({
        sort: 'lastSyncedAt',
        order: 'asc',
      }),
    );
    expect(
      within(table).getByRole('columnheader', { name: /Last synced/ }),
    ).toHaveAttribute('aria-sort', 'ascending');
  });

  it('pages through the fleet', async () => {
    const { queryFleet } = renderPage({
      queryFleet: jest.fn(async () => fleetResponse(items, { totalItems: 60 })),
    });
    await screen.findByRole('table', { name: 'Deployments' });
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastQuery(queryFleet).offset).toBe(25));
  });

  it('exports every deployment of the current view as CSV', async () => {
    let csv = '';
    const createObjectURL = jest.fn((blob: Blob) => {
      blob.text().then(t => (csv = t));
      return 'blob:fleet';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const { queryFleet } = renderPage();
    await screen.findByRole('table', { name: 'Deployments' });
    fireEvent.click(
      within(
        screen.getByRole('group', { name: 'Totals per drift state' }),
      ).getByRole('button', { name: /Failing/ }),
    );
    await waitFor(() =>
      expect(lastQuery(queryFleet).driftState).toEqual(['failing']),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(queryFleet).toHaveBeenLastCalledWith(
      expect.objectContaining({
        driftState: ['failing'],
        limit: 500,
        offset: 0,
      }),
    );
    await waitFor(() => expect(csv).not.toBe(''));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^entity,title,environment,cluster/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^component:default\/catalog-search,catalog-search,production,demo-production/,
    );
    click.mockRestore();
  });

  it('explains how to annotate when the fleet is empty', async () => {
    renderPage({ queryFleet: jest.fn(async () => fleetResponse([])) });
    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
  });

  it('says when filters match nothing', async () => {
    const queryFleet = jest.fn(async (q?: FleetQuery) =>
      fleetResponse(q?.driftState ? [] : items),
    );
    renderPage({ queryFleet });
    const totals = await screen.findByRole('group', {
      name: 'Totals per drift state',
    });
    fireEvent.click(within(totals).getByRole('button', { name: /Suspended/ }));
    expect(
      await screen.findByText('No deployments match these filters.'),
    ).toBeInTheDocument();
  });

  it('explains a permission error', async () => {
    renderPage({
      queryFleet: jest.fn(async () => {
        throw responseError(403, 'not allowed to read catalog entities');
      }),
    });
    expect(
      await screen.findByText('Error: Permission denied'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not allowed to read catalog entities/),
    ).toBeInTheDocument();
  });

  it('names an unreachable cluster, since when and why', async () => {
    renderPage({
      getClusters: async () => ({
        observedAt: HOUR_AGO,
        clusters: [
          {
            name: 'demo-production',
            environment: 'production',
            reachable: false,
            synced: false,
            kinds: {},
            requests: 3,
            lastError: { message: 'connect ECONNREFUSED', at: HOUR_AGO },
            lastSeenAt: HOUR_AGO,
          },
        ],
      }),
    });
    expect(
      await screen.findByText('Warning: 1 cluster is unreachable'),
    ).toBeInTheDocument();
    const item = screen
      .getAllByRole('listitem')
      .find(li => li.textContent?.startsWith('demo-production'));
    expect(item).toHaveTextContent(
      /demo-production \(production\): connect ECONNREFUSED — last seen .+ ago; its deployments show their last known state\./,
    );
  });

  it('shows skeletons while the first answer loads', async () => {
    renderPage({ queryFleet: jest.fn(() => new Promise<never>(() => {})) });
    expect(
      await screen.findByRole('progressbar', { name: 'Loading deployments' }),
    ).toBeInTheDocument();
    await act(async () => {});
  });

  it('offers every value of the answer’s facets in the filter menus, with counts, and reads nothing else for them', async () => {
    const { queryFleet } = renderPage({
      queryFleet: jest.fn(async () => fleetResponse(items, { facets })),
    });
    await screen.findByRole('table', { name: 'Deployments' });
    fireEvent.mouseDown(screen.getByRole('button', { name: /Owner/ }));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'group:default/team-payments (1)',
      'group:default/team-search (240)',
      'group:default/team-storefront (2)',
    ]);
    fireEvent.keyDown(listbox, { key: 'Escape' });
    fireEvent.mouseDown(screen.getByRole('button', { name: /CD tool/ }));
    const tools = await screen.findByRole('listbox');
    expect(
      within(tools)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Argo CD (2)', 'Flux (1)']);
    fireEvent.keyDown(tools, { key: 'Escape' });
    // With facets there is no extra read of the first 500 deployments.
    expect(queryFleet.mock.calls.some(([q]) => q?.limit === 500)).toBe(false);
  });

  it('without facets (an older backend) builds the menus from one read of the fleet', async () => {
    const { queryFleet } = renderPage();
    await screen.findByRole('table', { name: 'Deployments' });
    await waitFor(() =>
      expect(queryFleet.mock.calls.some(([q]) => q?.limit === 500)).toBe(true),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Owner/ }));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['group:default/team-payments', 'group:default/team-storefront']);
    fireEvent.keyDown(listbox, { key: 'Escape' });
  });

  it('keeps the rows while a refresh loads, with no skeletons, and shows the new answer after', async () => {
    const signals = fakeSignals();
    let release: (v: any) => void = () => {};
    let calls = 0;
    const queryFleet = jest.fn(async (q?: FleetQuery): Promise<any> => {
      if (q?.limit === 500) return fleetResponse(items);
      calls += 1;
      if (calls === 1) return fleetResponse(items);
      return new Promise(resolve => {
        release = resolve;
      });
    });
    renderPage({ queryFleet }, [[signalApiRef, signals.api]]);
    const table = await screen.findByRole('table', { name: 'Deployments' });
    expect(signals.channels()).toContain(GITOPS_FLEET_SIGNAL_CHANNEL);

    signals.publish(GITOPS_FLEET_SIGNAL_CHANNEL, {
      type: 'deployments-changed',
    });
    await waitFor(() => expect(calls).toBe(2));
    // Refreshing: the previous rows stay, no skeleton.
    expect(
      screen.queryByRole('progressbar', { name: 'Loading deployments' }),
    ).toBeNull();
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    await act(async () => release(fleetResponse(items.slice(0, 1))));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Deployments' })).getAllByRole(
          'row',
        ),
      ).toHaveLength(2),
    );
  });

  it('shows the last answer at once when the page is opened again, then refreshes it', async () => {
    const first = renderPage();
    await screen.findByRole('table', { name: 'Deployments' });
    first.view.unmount();

    let release: (v: any) => void = () => {};
    renderPage({
      queryFleet: jest.fn((q?: FleetQuery) =>
        q?.limit === 500
          ? Promise.resolve(fleetResponse(items))
          : new Promise(resolve => {
              release = resolve;
            }),
      ) as any,
    });
    // The earlier answer, not skeletons, while the new read is in flight.
    const table = await screen.findByRole('table', { name: 'Deployments' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(
      screen.queryByRole('progressbar', { name: 'Loading deployments' }),
    ).toBeNull();
    await act(async () => release(fleetResponse(items.slice(0, 2))));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Deployments' })).getAllByRole(
          'row',
        ),
      ).toHaveLength(3),
    );
  });

  it('does not pass the rows of an earlier search off as the answer to a failed one', async () => {
    const queryFleet = jest.fn(async (q?: FleetQuery) => {
      if (q?.search) throw responseError(400, 'search is not valid');
      return fleetResponse(items);
    });
    renderPage({ queryFleet });
    await screen.findByRole('table', { name: 'Deployments' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'check*' },
    });
    expect(
      await screen.findByText(/search is not valid/, {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Deployments' })).toBeNull();
  });

  it('leads the last-synced cell with the time, the revision under it', async () => {
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    renderPage({
      queryFleet: jest.fn(async () =>
        fleetResponse([fleetDeployment(deployment({ lastSyncedAt: at }))]),
      ),
    });
    const table = await screen.findByRole('table', { name: 'Deployments' });
    const row = within(table).getAllByRole('row')[1];
    const cell = within(row).getAllByRole('cell')[4];
    expect(cell.textContent).toMatch(/^5 minutes ago1a2b3c4/);
    // The system sits under the owner, in one column that may wrap.
    const owner = within(row).getAllByRole('cell')[5];
    expect(owner).toHaveTextContent('team-storefrontstorefront');
    expect(within(table).getAllByRole('columnheader')).toHaveLength(6);
  });
});
