import { ledgerEvent } from '../../__testUtils__/deliveryFixtures';
import { deploymentsOverTime, summarizeDays } from './deploymentsOverTime';

const event = ledgerEvent;

describe('deploymentsOverTime', () => {
  const from = new Date('2026-11-01T12:00:00.000Z');
  const to = new Date('2026-11-04T12:00:00.000Z');

  it('counts each day, with rollbacks and failures apart, and empty days as zero', () => {
    const days = deploymentsOverTime(
      [
        // Newest first, as the API answers.
        event({
          revisionBefore: 'b',
          revisionAfter: 'a',
          occurredAt: '2026-11-03T09:00:00.000Z',
        }),
        event({
          transition: 'drift',
          driftBefore: 'in-sync',
          driftAfter: 'failing',
          occurredAt: '2026-11-02T11:00:00.000Z',
        }),
        event({
          revisionBefore: 'a',
          revisionAfter: 'b',
          occurredAt: '2026-11-02T10:00:00.000Z',
        }),
        event({
          deploymentId: 'staging/argocd/argocd-application/shop',
          revisionBefore: 'x',
          revisionAfter: 'a',
          occurredAt: '2026-11-02T08:00:00.000Z',
        }),
        event({
          transition: 'drift',
          driftAfter: 'out-of-sync',
          occurredAt: '2026-11-03T08:00:00.000Z',
        }),
      ],
      from,
      to,
    );
    expect(days).toEqual([
      { day: '2026-11-01', deployments: 0, rollbacks: 0, failures: 0 },
      { day: '2026-11-02', deployments: 2, rollbacks: 0, failures: 1 },
      { day: '2026-11-03', deployments: 0, rollbacks: 1, failures: 0 },
      { day: '2026-11-04', deployments: 0, rollbacks: 0, failures: 0 },
    ]);
    expect(summarizeDays(days)).toBe(
      '3 deployments (1 rollback) and 1 failure',
    );
  });

  it('leaves out events outside the window but learns revisions from them', () => {
    const days = deploymentsOverTime(
      [
        event({
          revisionBefore: 'b',
          revisionAfter: 'a',
          occurredAt: '2026-11-01T13:00:00.000Z',
        }),
        event({
          revisionBefore: 'a',
          revisionAfter: 'b',
          occurredAt: '2026-10-20T10:00:00.000Z',
        }),
      ],
      from,
      to,
    );
    expect(days[0]).toEqual({
      day: '2026-11-01',
      deployments: 0,
      rollbacks: 1,
      failures: 0,
    });
    expect(summarizeDays(days)).toBe(
      '1 deployment (1 rollback) and 0 failures',
    );
  });
});
