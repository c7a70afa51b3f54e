import { screen, within } from '@testing-library/react';
import {
  environmentMetrics,
  ledgerEvent,
} from '../../__testUtils__/deliveryFixtures';
import {
  deployment,
  deploymentsResponse,
  fakeGitOpsApi,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { EntityGitOpsContent } from '../EntityGitOpsContent';

// The chart follows its container in the tab; jsdom has no ResizeObserver.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

jest.setTimeout(30_000);

describe('the GitOps tab’s Delivery section', () => {
  beforeAll(() => {
    (globalThis as any).ResizeObserver ??= NoResizeObserver;
  });

  it('sits in the tab with the metrics of each environment and the chart', async () => {
    const api = fakeGitOpsApi({
      getEntityDeployments: async () =>
        deploymentsResponse([deployment({ environment: 'production' })]),
      getActionPermissions: async () => ({
        rollback: { result: 'never' as const },
        sync: { result: 'never' as const },
      }),
      listActions: async () => ({ items: [] }),
      getEntityMetrics: async () => ({
        entityRef: 'component:default/inventory',
        windowDays: 30 as const,
        environments: [environmentMetrics('production')],
      }),
      getEntityLedger: async () => ({
        items: [ledgerEvent({ occurredAt: new Date().toISOString() })],
      }),
    });
    await renderWithEntity(<EntityGitOpsContent />, { api });
    const table = await screen.findByRole('table', {
      name: 'Delivery metrics',
    });
    expect(
      within(table).getByRole('row', { name: /production/ }),
    ).toHaveTextContent('1 per day');
    expect(
      await screen.findByRole('figure', { name: 'Deployments over time' }),
    ).toHaveTextContent('1 deployment (0 rollbacks) and 0 failures');
  });
});
