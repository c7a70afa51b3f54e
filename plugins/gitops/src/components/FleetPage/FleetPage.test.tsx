import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { FleetQuery } from '@gitops-console/plugin-gitops-common';
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

function renderPage(overrides: Partial<GitOpsApi> = {}) {
  const queryFleet = jest.fn(async (_q?: FleetQuery) => fleetResponse(items));
  const api = fakeGitOpsApi({
    queryFleet,
    getClusters: async () => ({ observedAt: HOUR_AGO, clusters: [] }),
    ...overrides,
  });
  renderInTestApp(<FleetPage />, {
    apis: [[gitopsApiRef, api]],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return { queryFleet: (overrides.queryFleet as jest.Mock) ?? queryFleet };
}

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
});
