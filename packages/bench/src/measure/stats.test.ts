import { percentile, summarize } from './stats';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 95)).toBe(7);
  });

  it('is NaN without samples, and summarize counts them', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(summarize([1, 2, 3])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3 });
  });
});
