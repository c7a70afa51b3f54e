import type { LedgerEvent } from '../ledger';
import { deliveryMetrics } from './deliveryMetrics';

const D = 'prod/argocd/Application/shop';
let n = 0;
function ev(overrides: Partial<LedgerEvent>): LedgerEvent {
  n += 1;
  return {
    id: `e${n}`,
    deploymentId: D,
    entityRefs: ['component:default/shop'],
    cluster: 'prod',
    environment: 'production',
    transition: 'deployed',
    occurredAt: '2026-11-01T00:00:00Z',
    observedAt: '2026-11-01T00:00:00Z',
    seeded: false,
    ...overrides,
  };
}
const deployed = (at: string, revisionAfter: string) =>
  ev({ transition: 'deployed', occurredAt: at, revisionAfter });
const drift = (at: string, driftAfter: LedgerEvent['driftAfter']) =>
  ev({ transition: 'drift', occurredAt: at, driftAfter });

describe('deliveryMetrics', () => {
  it('computes the four figures of a scripted week with known answers', () => {
    const r0 = deployed('2026-10-30T10:00:00Z', 'r0');
    const r1 = deployed('2026-11-01T10:00:00Z', 'r1');
    const r2 = deployed('2026-11-02T10:00:00Z', 'r2');
    const r3 = deployed('2026-11-04T10:00:00Z', 'r3');
    const r4 = deployed('2026-11-06T10:00:00Z', 'r4');
    const events = [
      r0,
      r1,
      r2,
      drift('2026-11-02T12:00:00Z', 'failing'),
      drift('2026-11-02T15:00:00Z', 'in-sync'),
      r3,
      r4,
      drift('2026-11-07T00:00:00Z', 'unknown'),
      drift('2026-11-07T01:00:00Z', 'failing'),
      drift('2026-11-07T04:00:00Z', 'in-sync'),
    ];
    const metrics = deliveryMetrics({
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-08T00:00:00Z',
      events,
      commitTimes: new Map([
        [r0.id, ['2026-10-29T10:00:00Z']],
        [r1.id, ['2026-11-01T08:00:00Z', '2026-11-01T06:00:00Z']],
        [r2.id, ['2026-11-02T09:00:00Z']],
        [r3.id, ['2026-11-03T10:00:00Z']],
        [r4.id, ['2026-11-06T09:30:00Z']],
      ]),
      rollbacks: [{ deploymentId: D, createdAt: '2026-11-04T11:00:00Z' }],
    });
    expect(metrics.deploymentFrequency).toEqual({
      value: 0.571,
      unit: 'per-day',
      points: 4,
      sufficient: true,
    });
    // Leads 2, 4, 1, 24 and 0.5 hours: median 2, p90 24; r0 is before the window.
    expect(metrics.leadTime).toEqual({
      value: 2,
      p90: 24,
      unit: 'hours',
      points: 5,
      sufficient: true,
    });
    // r2 failed within a day, r3 was rolled back, r4 failed 15 h later; r1 held.
    expect(metrics.changeFailureRate).toEqual({
      value: 0.75,
      unit: 'ratio',
      points: 4,
      sufficient: true,
    });
    // Down 3 h on the 2nd, 4 h on the 7th (from unknown to in-sync): too few points.
    expect(metrics.timeToRestore).toEqual({
      value: 3,
      unit: 'hours',
      points: 2,
      sufficient: false,
    });
  });

  it('does not blame a failure on a deployment after the next one replaced it', () => {
    const a = deployed('2026-11-01T10:00:00Z', 'a');
    const b = deployed('2026-11-01T11:00:00Z', 'b');
    const metrics = deliveryMetrics({
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
      events: [a, b, drift('2026-11-01T12:00:00Z', 'failing')],
      commitTimes: new Map(),
      rollbacks: [],
    });
    expect(metrics.changeFailureRate).toMatchObject({ value: 0.5, points: 2 });
  });

  it('says there is nothing to compute from rather than zero', () => {
    const metrics = deliveryMetrics({
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-08T00:00:00Z',
      events: [],
      commitTimes: new Map(),
      rollbacks: [],
    });
    expect(metrics.leadTime).toMatchObject({
      value: null,
      p90: null,
      points: 0,
      sufficient: false,
    });
    expect(metrics.changeFailureRate).toMatchObject({ value: null, points: 0 });
    expect(metrics.timeToRestore).toMatchObject({ value: null, points: 0 });
    expect(metrics.deploymentFrequency).toMatchObject({
      value: 0,
      points: 0,
      sufficient: false,
    });
  });
});
