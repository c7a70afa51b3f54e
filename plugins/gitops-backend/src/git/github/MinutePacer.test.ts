import {
  GITHUB_COM_POINTS_PER_MINUTE,
  GITHUB_COM_REQUESTS_PER_MINUTE,
  MinutePacer,
  requestsPerMinuteFor,
} from './MinutePacer';

describe('MinutePacer', () => {
  let now: number;
  /** A pacer at `limit` a minute on the test's clock; reserve gives the wait. */
  const pacer = (limit: number) => {
    const paced = new MinutePacer(
      () => limit,
      () => now,
    );
    return {
      reserve: (bucket: string) => paced.reserve(bucket).waitMs,
      size: () => paced.size,
    };
  };

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets `limit` sends go at once, then each one a minute after the send it replaces', () => {
    const p = pacer(3);
    expect([p.reserve('a'), p.reserve('a'), p.reserve('a')]).toEqual([0, 0, 0]);
    now += 10_000;
    // The 4th and 5th go when the 1st and 2nd are a minute old.
    expect(p.reserve('a')).toBe(50_000);
    expect(p.reserve('a')).toBe(50_000);
    now += 50_000;
    expect(p.reserve('a')).toBe(0);
    // The 7th replaces the 4th, reserved for 60 s after the start.
    expect(p.reserve('a')).toBe(60_000);
  });

  it('never lets more than `limit` sends fall in one minute', () => {
    const p = pacer(5);
    const sends: number[] = [];
    for (let i = 0; i < 40; i++) {
      now += 700;
      sends.push(now + p.reserve('a'));
    }
    for (const at of sends) {
      expect(
        sends.filter(s => s >= at && s < at + 60_000).length,
      ).toBeLessThanOrEqual(5);
    }
    // In order: a later request never goes before an earlier one.
    expect([...sends].sort((x, y) => x - y)).toEqual(sends);
  });

  it('keeps buckets apart, and does not pace at 0', () => {
    const p = pacer(1);
    expect(p.reserve('a')).toBe(0);
    expect(p.reserve('b')).toBe(0);
    expect(p.reserve('a')).toBe(60_000);
    const unpaced = pacer(0);
    for (let i = 0; i < 1000; i++) expect(unpaced.reserve('a')).toBe(0);
  });

  it('announces a bucket’s first wait once a minute', () => {
    const p = new MinutePacer(
      () => 1,
      () => now,
    );
    expect(p.reserve('a')).toEqual({ waitMs: 0, announce: false });
    expect(p.reserve('a')).toEqual({ waitMs: 60_000, announce: true });
    expect(p.reserve('a')).toEqual({ waitMs: 120_000, announce: false });
    now += 60_000;
    expect(p.reserve('a').announce).toBe(true);
  });

  it('forgets a bucket idle for a minute (a rotated token’s) when a new one starts', () => {
    const p = pacer(2);
    p.reserve('token-1');
    now += 30_000;
    p.reserve('token-2');
    expect(p.size()).toBe(2);
    now += 31_000;
    p.reserve('token-3');
    expect(p.size()).toBe(2);
  });
});

describe('requestsPerMinuteFor', () => {
  it('paces github.com at its limit and Enterprise Server hosts not at all, unless configured', () => {
    expect(requestsPerMinuteFor('https://api.github.com')).toBe(
      GITHUB_COM_REQUESTS_PER_MINUTE,
    );
    expect(GITHUB_COM_REQUESTS_PER_MINUTE).toBeLessThan(
      GITHUB_COM_POINTS_PER_MINUTE,
    );
    expect(requestsPerMinuteFor('https://api.github.com/')).toBe(850);
    expect(requestsPerMinuteFor('https://ghe.example.com/api/v3')).toBe(0);
    expect(requestsPerMinuteFor('https://ghe.example.com/api/v3', 300)).toBe(
      300,
    );
    expect(requestsPerMinuteFor('https://api.github.com', 0)).toBe(0);
  });
});
