import type {
  DeliveryMetric,
  DeliveryMetrics,
  EnvironmentDeliveryMetrics,
  LedgerEvent,
} from '@gitops-console/plugin-gitops-common';

// Builders for ledger events and delivery metrics as the backend answers them.

/** A figure; sufficient from three points, as the backend decides. */
export function metric(
  value: number | null,
  unit: DeliveryMetric['unit'],
  points = 5,
  p90?: number | null,
): DeliveryMetric {
  return { value, unit, points, sufficient: points >= 3, p90 };
}

export function deliveryMetrics(
  overrides: Partial<DeliveryMetrics> = {},
): DeliveryMetrics {
  return {
    from: '2026-10-21T12:00:00.000Z',
    to: '2026-11-20T12:00:00.000Z',
    deploymentFrequency: metric(1, 'per-day'),
    leadTime: metric(10, 'hours', 5, 20),
    changeFailureRate: metric(0.1, 'ratio'),
    timeToRestore: metric(2, 'hours'),
    ...overrides,
  };
}

export function environmentMetrics(
  environment: string,
  current: Partial<DeliveryMetrics> = {},
  previous: Partial<DeliveryMetrics> = {},
): EnvironmentDeliveryMetrics {
  return {
    environment,
    current: deliveryMetrics(current),
    previous: deliveryMetrics(previous),
  };
}

let sequence = 0;

/** A `deployed` event of the production shop deployment unless overridden. */
export function ledgerEvent(overrides: Partial<LedgerEvent> = {}): LedgerEvent {
  sequence += 1;
  return {
    id: `event-${sequence}`,
    deploymentId: 'prod/argocd/argocd-application/shop',
    entityRefs: ['component:default/shop'],
    cluster: 'prod',
    environment: 'production',
    transition: 'deployed',
    occurredAt: '2026-11-02T10:00:00.000Z',
    observedAt: '2026-11-02T10:00:01.000Z',
    seeded: false,
    ...overrides,
  };
}
