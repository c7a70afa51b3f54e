import fc from 'fast-check';
import { BucketGate, Ticket } from './BucketGate';
import {
  backoffMs,
  DEFAULT_GITHUB_RETRY_POLICY,
  maxRequestsWhileFailing,
  nominalBackoffMs,
  serverWaitMs,
  validateRetryPolicy,
} from './retryPolicy';

const policy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxWaitMs: 10_000,
};

const failure = { reason: 'GitHub answered 503: Server Error', detail: 'x' };

describe('the backoff', () => {
  it('doubles per failure in a row from the base, up to the cap', () => {
    expect(
      [1, 2, 3, 4, 5, 6, 40].map(n => nominalBackoffMs(policy, n)),
    ).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('adds jitter of up to half the pause, never taking less', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (failures, random) => {
          const nominal = nominalBackoffMs(policy, failures);
          const taken = backoffMs(policy, failures, () => random);
          expect(taken).toBeGreaterThanOrEqual(nominal);
          expect(taken).toBeLessThanOrEqual(Math.ceil(nominal * 1.5));
        },
      ),
    );
  });

  it('spreads requests that failed together', () => {
    const pauses = new Set(
      Array.from({ length: 20 }, () => backoffMs(policy, 3)),
    );
    expect(pauses.size).toBeGreaterThan(1);
  });

  it('never comes back before the time GitHub named', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (ahead, random) => {
          const now = 1_700_000_000_000;
          const wait = serverWaitMs(policy, now + ahead, now, () => random);
          expect(wait).toBeGreaterThanOrEqual(ahead);
          expect(wait).toBeLessThanOrEqual(ahead + policy.baseDelayMs);
        },
      ),
    );
  });

  it('bounds the requests of a failing bucket by its pauses', () => {
    // 500 + 1000 + 2000 + 4000 = 7500 ms fit in 10 s, the next 8000 does not.
    expect(maxRequestsWhileFailing(policy, 10_000, 4)).toBe(4 + 4);
    expect(maxRequestsWhileFailing(policy, 400, 1)).toBe(1);
    // A long outage: one probe per capped pause.
    expect(maxRequestsWhileFailing(policy, 15_500 + 80_000, 0)).toBe(5 + 10);
  });

  it('names the setting of a bad value', () => {
    expect(validateRetryPolicy(DEFAULT_GITHUB_RETRY_POLICY)).toBe(
      DEFAULT_GITHUB_RETRY_POLICY,
    );
    expect(() =>
      validateRetryPolicy(
        { ...policy, maxAttempts: 0 },
        { maxAttempts: 'gitops.github.retry.maxAttempts' },
      ),
    ).toThrow(
      'gitops.github.retry.maxAttempts must be a number of at least 1, got 0',
    );
    expect(() =>
      validateRetryPolicy(
        { ...policy, maxDelayMs: 100 },
        { maxDelayMs: 'gitops.github.retry.maxDelaySeconds' },
      ),
    ).toThrow(
      'gitops.github.retry.maxDelaySeconds must be a number of at least 0.5, got 0.1',
    );
    expect(() => validateRetryPolicy({ ...policy, maxAttempts: 2.5 })).toThrow(
      'maxAttempts must be a whole number, got 2.5',
    );
  });
});

describe('BucketGate', () => {
  let now: number;
  let gate: BucketGate;
  const changes: Array<string | undefined> = [];
  const send = (key = 'api') => {
    const admission = gate.admit(key);
    if (admission.kind !== 'send') {
      throw new Error(`expected a send, got ${admission.kind}`);
    }
    return admission;
  };

  beforeEach(() => {
    now = 1_000_000;
    changes.length = 0;
    gate = new BucketGate(
      policy,
      () => now,
      () => 0,
      (_, f) => changes.push(f?.reason),
    );
  });

  it('lets everything through while healthy', () => {
    expect(send()).toMatchObject({ kind: 'send', probe: false });
    expect(send()).toMatchObject({ kind: 'send', probe: false });
  });

  it('pauses after a failure, then lets one probe through', async () => {
    const first = send();
    const second = send();
    gate.failed('api', failure, first);
    expect(gate.admit('api')).toEqual({ kind: 'wait', waitMs: 500, failure });
    // An answer to a request sent before the failure says nothing new.
    gate.failed('api', failure, second);
    gate.succeeded('api', second);
    expect(gate.admit('api')).toMatchObject({ kind: 'wait', waitMs: 500 });

    now += 500;
    const probe = send();
    expect(probe.probe).toBe(true);
    const other = gate.admit('api');
    expect(other.kind).toBe('probing');
    gate.failed('api', failure, probe);
    await (other as { settled: Promise<void> }).settled;
    // The second failure in a row pauses twice as long.
    expect(gate.admit('api')).toMatchObject({ kind: 'wait', waitMs: 1000 });

    now += 1000;
    gate.succeeded('api', send());
    expect(send().probe).toBe(false);
    expect(changes).toEqual([failure.reason, undefined]);
  });

  it('keeps buckets apart', () => {
    gate.failed('api', failure, send('api'));
    expect(gate.admit('api').kind).toBe('wait');
    expect(send('ghe').probe).toBe(false);
  });

  it('waits for a rate limit until its reset, plus jitter', () => {
    const resetsAt = new Date(now + 30_000);
    gate.limited(
      'api',
      { reason: 'rate limit', detail: 'rate limit', resetsAt },
      send(),
    );
    expect(gate.admit('api')).toMatchObject({ kind: 'wait', waitMs: 30_000 });
    expect(gate.failureOf('api')?.resetsAt).toBe(resetsAt);
    now += 30_000;
    const probe: Ticket = send();
    expect(probe.probe).toBe(true);
    gate.succeeded('api', probe);
    expect(gate.failureOf('api')).toBeUndefined();
  });

  it('frees the probe when its outcome says nothing about GitHub', () => {
    gate.failed('api', failure, send());
    now += 500;
    const probe = send();
    gate.release('api', probe);
    expect(send().probe).toBe(true);
  });
});
