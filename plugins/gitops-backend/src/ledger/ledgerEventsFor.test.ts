import { ledgerDeployment } from './__testUtils__/ledgerDeployment';
import { ledgerEventKey } from './ledgerEventKey';
import { isLedgerWorthy, ledgerEventsFor } from './ledgerEventsFor';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const seen = {
  entityRefs: ['component:default/shop'],
  observedAt: '2026-12-01T12:00:00.000Z',
};

describe('ledgerEventsFor', () => {
  it('seeds from the CR history at first sight, oldest first, and records the current drift', () => {
    const next = ledgerDeployment({
      deployedRevision: B,
      history: [
        {
          revision: B,
          deployedAt: '2026-11-30T10:00:00Z',
          initiatedBy: { username: 'bob' },
        },
        {
          revision: A,
          deployedAt: '2026-11-29T10:00:00Z',
          initiatedBy: { automated: true },
        },
      ],
    });
    const events = ledgerEventsFor(undefined, next, seen);
    expect(
      events.map(e => [
        e.transition,
        e.revisionBefore,
        e.revisionAfter,
        e.occurredAt,
        e.seeded,
      ]),
    ).toEqual([
      ['deployed', undefined, A, '2026-11-29T10:00:00Z', true],
      ['deployed', A, B, '2026-11-30T10:00:00Z', true],
      ['drift', undefined, B, seen.observedAt, false],
    ]);
    expect(events[1].initiatedBy).toEqual({ username: 'bob' });
    // Historic entries do not claim today's health.
    expect(events[0].health).toBeUndefined();
    expect(events[2]).toMatchObject({
      driftAfter: 'in-sync',
      health: 'Healthy',
      entityRefs: ['component:default/shop'],
    });
  });

  it('records the deployed revision at first sight when the history does not name it', () => {
    const events = ledgerEventsFor(
      undefined,
      ledgerDeployment({ deployedRevision: C }),
      seen,
    );
    expect(events.map(e => [e.transition, e.revisionAfter, e.cdTime])).toEqual([
      ['deployed', C, undefined],
      ['drift', C, undefined],
    ]);
  });

  it('records a new deployed revision with the CD tool time and initiator, and a drift change', () => {
    const previous = ledgerDeployment({ deployedRevision: A });
    const next = ledgerDeployment({
      deployedRevision: B,
      drift: {
        state: 'failing',
        reasons: [
          { code: 'degraded', message: 'x', since: '2026-12-01T11:59:00Z' },
        ],
        resources: [],
      },
      history: [
        {
          revision: B,
          deployedAt: '2026-12-01T11:58:00Z',
          initiatedBy: { username: 'alice' },
        },
      ],
    });
    const events = ledgerEventsFor(previous, next, seen);
    expect(events).toEqual([
      expect.objectContaining({
        transition: 'deployed',
        revisionBefore: A,
        revisionAfter: B,
        cdTime: '2026-12-01T11:58:00Z',
        initiatedBy: { username: 'alice' },
      }),
      expect.objectContaining({
        transition: 'drift',
        driftBefore: 'in-sync',
        driftAfter: 'failing',
        cdTime: '2026-12-01T11:59:00Z',
        occurredAt: '2026-12-01T11:59:00Z',
      }),
    ]);
  });

  it('records nothing when neither the revision nor the drift state moved', () => {
    const previous = ledgerDeployment({ lastSeenAt: '2026-12-01T11:00:00Z' });
    const next = ledgerDeployment({
      lastSeenAt: '2026-12-01T12:00:00Z',
      health: 'Progressing',
    });
    expect(ledgerEventsFor(previous, next, seen)).toEqual([]);
  });

  it('uses the stable first-deployed time where deployedAt moves with every reconcile (Flux)', () => {
    const at = (last: string) =>
      ledgerDeployment({
        kind: 'flux-kustomization',
        history: [
          {
            revision: B,
            deployedAt: last,
            firstDeployedAt: '2026-11-30T08:00:00Z',
          },
        ],
      });
    const [first] = ledgerEventsFor(
      undefined,
      at('2026-12-01T10:00:00Z'),
      seen,
    );
    const [again] = ledgerEventsFor(
      undefined,
      at('2026-12-01T11:00:00Z'),
      seen,
    );
    expect(first.cdTime).toBe('2026-11-30T08:00:00Z');
    expect(ledgerEventKey(again)).toBe(ledgerEventKey(first));
  });

  it('gives the same keys to the same transition seen by another replica or after a restart', () => {
    const next = ledgerDeployment({
      history: [{ revision: B, deployedAt: '2026-11-30T10:00:00Z' }],
    });
    const here = ledgerEventsFor(undefined, next, seen).map(ledgerEventKey);
    const there = ledgerEventsFor(undefined, next, {
      entityRefs: ['component:default/other'],
      observedAt: '2026-12-01T12:00:07.000Z',
    }).map(ledgerEventKey);
    expect(there).toEqual(here);
    // A revision deployed again later (a rollback to it) is a new event.
    const redeployed = ledgerEventsFor(
      ledgerDeployment({ deployedRevision: A }),
      ledgerDeployment({
        history: [{ revision: B, deployedAt: '2026-12-01T11:00:00Z' }],
      }),
      seen,
    );
    expect(here).not.toContain(ledgerEventKey(redeployed[0]));
  });

  it('treats a build that could not read Git as no state of the cluster', () => {
    expect(isLedgerWorthy(ledgerDeployment())).toBe(true);
    expect(
      isLedgerWorthy(
        ledgerDeployment({
          drift: {
            state: 'unknown',
            reasons: [{ code: 'git-unavailable', message: 'x' }],
            resources: [],
          },
        }),
      ),
    ).toBe(false);
    expect(
      isLedgerWorthy(
        ledgerDeployment({ problem: { code: 'view-failed', message: 'x' } }),
      ),
    ).toBe(false);
  });
});
