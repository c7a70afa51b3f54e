import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  environmentMetrics,
  ledgerEvent,
  metric,
} from '../../__testUtils__/deliveryFixtures';
import { fakeGitOpsApi } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityDeliverySection } from './EntityDeliverySection';

const DAY = 86_400_000;
const daysAgo = (days: number) =>
  new Date(Date.now() - days * DAY).toISOString();

function apiAnswering() {
  const getEntityMetrics = jest.fn(async (_ref: unknown, windowDays: any) => ({
    entityRef: 'component:default/inventory',
    windowDays: windowDays as 7 | 30 | 90,
    environments: [
      environmentMetrics(
        'production',
        {
          deploymentFrequency: metric(2, 'per-day', 60),
          leadTime: metric(3, 'hours', 40, 12),
          changeFailureRate: metric(null, 'ratio', 0),
          timeToRestore: metric(0.5, 'hours', 2),
        },
        { deploymentFrequency: metric(1, 'per-day', 30) },
      ),
    ],
  }));
  const getEntityLedger = jest.fn(async () => ({
    items: [
      ledgerEvent({
        revisionBefore: 'b',
        revisionAfter: 'a',
        occurredAt: daysAgo(1),
      }),
      ledgerEvent({
        transition: 'drift',
        driftAfter: 'failing',
        occurredAt: daysAgo(2),
      }),
      ledgerEvent({
        revisionBefore: 'a',
        revisionAfter: 'b',
        occurredAt: daysAgo(2.1),
      }),
    ],
  }));
  return {
    api: fakeGitOpsApi({ getEntityMetrics, getEntityLedger }),
    getEntityMetrics,
    getEntityLedger,
  };
}

describe('EntityDeliverySection', () => {
  it('shows the four metrics with their trend, never a zero for a missing figure', async () => {
    const { api } = apiAnswering();
    await renderWithEntity(<EntityDeliverySection chartWidth={600} />, { api });
    const table = await screen.findByRole('table', {
      name: 'Delivery metrics',
    });
    const row = within(table).getByRole('row', { name: /production/ });
    // The environment's own cell first, then the four figures.
    const [, ...cells] = within(row).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('2 per day');
    expect(cells[0]).toHaveTextContent(
      '100% higher than the previous 30 days (better)',
    );
    expect(cells[1]).toHaveTextContent('3 h median, 12 h p90');
    expect(cells[2]).toHaveTextContent('Too few data points (0 data points)');
    expect(cells[2]).not.toHaveTextContent('0%');
    expect(cells[3]).toHaveTextContent('Too few data points (2 data points)');
  });

  it('charts the window’s deployments, marking the failure and the rollback', async () => {
    const { api, getEntityLedger } = apiAnswering();
    const { container } = await renderWithEntity(
      <EntityDeliverySection chartWidth={600} />,
      { api },
    );
    const figure = await screen.findByRole('figure', {
      name: 'Deployments over time',
    });
    expect(figure).toHaveTextContent(
      '2 deployments (1 rollback) and 1 failure',
    );
    // A real recharts chart: one bar per non-empty series value.
    await waitFor(() =>
      expect(
        container.querySelectorAll('.recharts-bar-rectangle path').length,
      ).toBe(3),
    );
    expect(
      container.querySelector('.recharts-legend-wrapper'),
    ).toHaveTextContent(/Deployments.*Rollbacks.*Failures/);
    const query = getEntityLedger.mock.calls[0] as any[];
    expect(query[0]).toBe('component:default/inventory');
    expect(Date.parse(query[1].to) - Date.parse(query[1].from)).toBe(30 * DAY);
  });

  it('asks again for the chosen window', async () => {
    const { api, getEntityMetrics, getEntityLedger } = apiAnswering();
    await renderWithEntity(<EntityDeliverySection chartWidth={600} />, { api });
    await screen.findByRole('table', { name: 'Delivery metrics' });
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    fireEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(getEntityMetrics).toHaveBeenLastCalledWith(
        'component:default/inventory',
        90,
      ),
    );
    expect(
      await screen.findByText(/higher than the previous 90 days/),
    ).toBeInTheDocument();
    const query = getEntityLedger.mock.calls.at(-1) as any[];
    expect(Date.parse(query[1].to) - Date.parse(query[1].from)).toBe(90 * DAY);
  });

  it('says what failed when the metrics cannot be read', async () => {
    const { getEntityLedger } = apiAnswering();
    const api = fakeGitOpsApi({
      getEntityLedger,
      getEntityMetrics: async () => {
        throw new Error('The ledger database is unavailable');
      },
    });
    await renderWithEntity(<EntityDeliverySection chartWidth={600} />, { api });
    expect(
      await screen.findByText(/The ledger database is unavailable/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('figure', { name: 'Deployments over time' }),
    ).toBeInTheDocument();
  });
});
