import { spawnSync } from 'node:child_process';
import { heapGrowthFlag } from './heapGrowth';

/**
 * A process with 30 MB live that allocates garbage; prints the largest
 * heap V8 committed. `runTime` is set with setFlagsFromString, as the
 * entry does; `commandLine` goes before the script.
 */
function largestHeapMb(options: {
  runTime?: string;
  commandLine?: string;
}): number {
  const script = `
    const flag = process.argv[1];
    if (flag) require('node:v8').setFlagsFromString(flag);
    const live = [];
    for (let i = 0; i < 300000; i++) live.push({ i, s: 'v' + i });
    let largest = 0, garbage = [];
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 20000; i++) garbage.push({ a: i, b: [i, i] });
      if (garbage.length > 60000) garbage = [];
      largest = Math.max(largest, process.memoryUsage().heapTotal);
    }
    process.stdout.write(String(largest / 1e6));
  `;
  const result = spawnSync(
    process.execPath,
    [
      ...(options.commandLine ? [options.commandLine] : []),
      '-e',
      script,
      // After "--" it is the script's argument, not node's.
      '--',
      ...(options.runTime ? [options.runTime] : []),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (result.status !== 0) throw new Error(result.stderr || 'child failed');
  return Number(result.stdout);
}

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
    const fourfold = largestHeapMb({
      commandLine: '--heap-growing-percent=300',
    });
    const bounded = largestHeapMb({ runTime: heapGrowthFlag({}, []) });
    expect(bounded).toBeLessThan(fourfold * 0.75);
  });
});
