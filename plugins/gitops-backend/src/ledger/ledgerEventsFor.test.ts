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

  it('records syncs that came and went between two builds from the CR history, once each', () => {
    const D = 'd'.repeat(40);
    const entry = (revision: string, day: number) => ({
      revision,
      deployedAt: `2026-11-${day}T10:00:00Z`,
    });
    const previous = ledgerDeployment({
      deployedRevision: A,
      history: [entry(A, 20)],
    });
    // Seen next (say after a re-list): B, then C, then D; a re-sync of C.
    const next = ledgerDeployment({
      deployedRevision: D,
      history: [
        entry(A, 20),
        entry(B, 21),
        entry(C, 22),
        entry(C, 23),
        entry(D, 24),
      ],
    });
    const events = ledgerEventsFor(previous, next, seen);
    expect(
      events
        .filter(e => e.transition === 'deployed')
        .map(e => [e.revisionBefore, e.revisionAfter, e.cdTime, e.seeded]),
    ).toEqual([
      [A, B, '2026-11-21T10:00:00Z', true],
      [B, C, '2026-11-22T10:00:00Z', true],
      [C, D, '2026-11-24T10:00:00Z', false],
    ]);
    // The same keys as a replica that saw each sync as it happened.
    const stepwise = [
      ledgerEventsFor(
        previous,
        { ...next, deployedRevision: B, history: next.history.slice(0, 2) },
        seen,
      ),
      ledgerEventsFor(
        { ...next, deployedRevision: B, history: next.history.slice(0, 2) },
        { ...next, deployedRevision: C, history: next.history.slice(0, 3) },
        seen,
      ),
      ledgerEventsFor(
        { ...next, deployedRevision: C, history: next.history.slice(0, 4) },
        next,
        seen,
      ),
    ].flat();
    const keys = (list: typeof events) =>
      list.filter(e => e.transition === 'deployed').map(ledgerEventKey);
    expect(keys(events)).toEqual(keys(stepwise));
  });

  it('infers no missed syncs when the previous build had no history times', () => {
    const previous = ledgerDeployment({ deployedRevision: A, history: [] });
    const next = ledgerDeployment({
      deployedRevision: C,
      history: [
        { revision: B, deployedAt: '2026-11-21T10:00:00Z' },
        { revision: C, deployedAt: '2026-11-22T10:00:00Z' },
      ],
    });
    expect(
      ledgerEventsFor(previous, next, seen).map(e => [
        e.transition,
        e.revisionBefore,
        e.revisionAfter,
      ]),
    ).toEqual([['deployed', A, C]]);
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
