import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import { gitopsApiRef } from '../../api/GitOpsApi';
import { deliveryMetrics } from '../../__testUtils__/deliveryFixtures';
import {
  deployment,
  fakeGitOpsApi,
  fleetDeployment,
  fleetResponse,
  HOUR_AGO,
} from '../../__testUtils__/fixtures';
import { FleetPage } from '../FleetPage/FleetPage';

jest.setTimeout(30_000);

describe('the fleet page’s metrics per team', () => {
  it('follows the page’s filters from the URL', async () => {
    const getFleetMetrics = jest.fn(async () => ({
      windowDays: 30 as const,
      teams: [
        {
          owner: 'group:default/team-storefront',
          current: deliveryMetrics(),
          previous: deliveryMetrics(),
        },
      ],
      total: { current: deliveryMetrics(), previous: deliveryMetrics() },
    }));
    const api = fakeGitOpsApi({
      queryFleet: async () =>
        fleetResponse([
          fleetDeployment(deployment({ environment: 'staging' })),
        ]),
      getClusters: async () => ({ observedAt: HOUR_AGO, clusters: [] }),
      getFleetMetrics,
    });
    renderInTestApp(<FleetPage />, {
      apis: [[gitopsApiRef, api]] as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/?environment=staging'],
    });
    const table = await screen.findByRole('table', {
      name: 'Delivery metrics per team',
    });
    expect(
      within(table).getByRole('row', { name: /team-storefront/ }),
    ).toHaveTextContent('1 per day');
    await waitFor(() =>
      expect(getFleetMetrics).toHaveBeenCalledWith(
        30,
        expect.objectContaining({ environment: ['staging'] }),
      ),
    );
  });
});
