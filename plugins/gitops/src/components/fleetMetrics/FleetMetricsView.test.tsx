import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { gitopsApiRef } from '../../api/GitOpsApi';
import { deliveryMetrics, metric } from '../../__testUtils__/deliveryFixtures';
import { fakeGitOpsApi } from '../../__testUtils__/fixtures';
import { FleetMetricsView } from './FleetMetricsView';

function answer(windowDays: 7 | 30 | 90) {
  return {
    windowDays,
    teams: [
      {
        owner: 'group:default/team-payments',
        current: deliveryMetrics({
          deploymentFrequency: metric(3, 'per-day', 90),
        }),
        previous: deliveryMetrics({
          deploymentFrequency: metric(2, 'per-day', 60),
        }),
      },
    ],
    total: {
      current: deliveryMetrics({ timeToRestore: metric(null, 'hours', 0) }),
      previous: deliveryMetrics(),
    },
  };
}

function renderView() {
  const getFleetMetrics = jest.fn(async (windowDays: 7 | 30 | 90) =>
    answer(windowDays),
  );
  renderInTestApp(
    <FleetMetricsView query={{ environment: ['production'] }} />,
    {
      apis: [[gitopsApiRef, fakeGitOpsApi({ getFleetMetrics })]] as any,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { getFleetMetrics };
}

describe('FleetMetricsView', () => {
  it('shows each team’s figures and the total, for the page’s filters', async () => {
    const { getFleetMetrics } = renderView();
    const table = await screen.findByRole('table', {
      name: 'Delivery metrics per team',
    });
    expect(getFleetMetrics).toHaveBeenCalledWith(30, {
      environment: ['production'],
    });
    const team = within(table).getByRole('row', { name: /team-payments/ });
    expect(team).toHaveTextContent('3 per day');
    expect(team).toHaveTextContent('50% higher than the previous 30 days');
    const total = within(table).getByRole('row', { name: /All teams/ });
    expect(total).toHaveTextContent('Too few data points (0 data points)');

    fireEvent.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() =>
      expect(getFleetMetrics).toHaveBeenLastCalledWith(7, {
        environment: ['production'],
      }),
    );
    expect(
      await screen.findByText(/higher than the previous 7 days/),
    ).toBeInTheDocument();
  });

  it('exports the figures shown as CSV', async () => {
    let csv = '';
    let filename = '';
    const createObjectURL = jest.fn((blob: Blob) => {
      blob.text().then(t => (csv = t));
      return 'blob:metrics';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        filename = this.download;
      });
    renderView();
    await screen.findByRole('table', { name: 'Delivery metrics per team' });
    fireEvent.click(screen.getByRole('button', { name: 'Export metrics CSV' }));
    await waitFor(() => expect(csv).not.toBe(''));
    expect(filename).toBe('gitops-delivery-metrics-30d.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines.map(l => l.split(',')[0])).toEqual([
      'owner',
      'group:default/team-payments',
      'total',
    ]);
    expect(lines[1].split(',')[3]).toBe('3');
    // The total's time to restore has no value: empty, not zero.
    expect(lines[2].split(',')[13]).toBe('');
    click.mockRestore();
  });
});
