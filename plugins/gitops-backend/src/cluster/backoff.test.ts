import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 1000, maxMs: 30_000 };

  it('doubles per attempt up to the maximum', () => {
    const top = (attempt: number) => backoffDelay(attempt, options, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6].map(top)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('jitters between half and all of the base delay', () => {
    expect(backoffDelay(2, options, () => 0)).toBe(2000);
    expect(backoffDelay(2, options, () => 0.5)).toBe(3000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(3, options);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});
