import { FailurePause } from './FailurePause';

describe('FailurePause', () => {
  it('pauses after a failure, doubles on failures in a row up to the bound, and starts over after a success', () => {
    let now = 0;
    const pause = new FailurePause({
      firstMs: 10_000,
      maxMs: 35_000,
      now: () => now,
    });
    expect(pause.active).toBe(false);
    expect(pause.failed()).toBe(10_000);
    expect(pause.active).toBe(true);
    // A failure while paused (a read that was already running) is not counted.
    expect(pause.failed()).toBeUndefined();
    now = 10_000;
    expect(pause.active).toBe(false);
    expect(pause.failed()).toBe(20_000);
    now = 30_000;
    expect(pause.failed()).toBe(35_000);
    now = 65_000;
    pause.succeeded();
    expect(pause.failed()).toBe(10_000);
  });

  it('keeps a constant pause without a bound', () => {
    let now = 0;
    const pause = new FailurePause({ firstMs: 30_000, now: () => now });
    expect(pause.failed()).toBe(30_000);
    now = 30_000;
    expect(pause.failed()).toBe(30_000);
  });
});
