import { heapGrowthFlag } from './heapGrowth';
import { largestOldSpaceMb } from './__testUtils__/largestOldSpace';

describe('heapGrowthFlag', () => {
  it('asks for 50 by default, takes GITOPS_HEAP_GROWING_PERCENT, and 0 for none', () => {
    expect(heapGrowthFlag({}, [])).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag({ GITOPS_HEAP_GROWING_PERCENT: ' 30 ' }, [])).toBe(
      '--heap-growing-percent=30',
    );
    expect(heapGrowthFlag({ GITOPS_HEAP_GROWING_PERCENT: '0' }, [])).toBe(
      undefined,
    );
  });

  it('leaves a factor given on the node command line alone', () => {
    expect(heapGrowthFlag({}, ['--heap-growing-percent=20'])).toBe(undefined);
    expect(heapGrowthFlag({}, ['--heap_growing_percent=20'])).toBe(undefined);
    expect(heapGrowthFlag({}, ['--heap-growing-percent-x'])).toBe(
      '--heap-growing-percent=50',
    );
  });

  it.each(['-1', '1.5', 'fifty', '2000'])('refuses %p', raw => {
    expect(() =>
      heapGrowthFlag({ GITOPS_HEAP_GROWING_PERCENT: raw }, []),
    ).toThrow(
      `GITOPS_HEAP_GROWING_PERCENT must be a whole number from 0 to 1000 (0: V8's own growth), got "${raw}"`,
    );
  });

  it('is a flag V8 honours when set at run time: the heap grows far less', () => {
    // A fixed factor of 4 (300 %), close to what V8 picks under load, is
    // the reference: V8's own adaptive factor varies with the machine.
    const fourfold = largestOldSpaceMb({
      commandLine: '--heap-growing-percent=300',
    });
    const bounded = largestOldSpaceMb({ runTime: heapGrowthFlag({}, []) });
    expect(bounded).toBeLessThan(fourfold * 0.75);
    // And about what the flag gives on the command line, as the bench runs it.
    const commandLine = largestOldSpaceMb({
      commandLine: '--heap-growing-percent=50',
    });
    expect(bounded).toBeLessThan(commandLine * 1.5);
    // Nine child processes: bounded, but generous for a loaded machine.
  }, 120_000);
});
