import { spawnSync } from 'node:child_process';

/**
 * A Node process with ~30 MB live that allocates garbage; the largest old
 * space V8 committed, in MB (the old generation is what the growing factor
 * sizes; new space would only blur it). `runTime` is set with
 * setFlagsFromString, as the backend's entry does; `commandLine` goes
 * before the script. The median of `runs`, so one odd collection does not
 * decide.
 */
export function largestOldSpaceMb(
  options: { runTime?: string; commandLine?: string },
  runs = 3,
): number {
  const script = `
    const v8 = require('node:v8');
    const flag = process.argv[1];
    if (flag) v8.setFlagsFromString(flag);
    const oldSpace = () =>
      v8.getHeapSpaceStatistics().find(s => s.space_name === 'old_space').space_size;
    const live = [];
    for (let i = 0; i < 300000; i++) live.push({ i, s: 'v' + i });
    let largest = 0, garbage = [];
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 20000; i++) garbage.push({ a: i, b: [i, i] });
      if (garbage.length > 60000) garbage = [];
      largest = Math.max(largest, oldSpace());
    }
    process.stdout.write(String(largest / 1e6));
  `;
  const sizes = Array.from({ length: runs }, () => {
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
    if (result.status !== 0) {
      throw new Error(
        `the heap probe failed (status ${result.status}, signal ${result.signal}): ${result.stderr}`,
      );
    }
    return Number(result.stdout);
  });
  return sizes.sort((a, b) => a - b)[Math.floor(runs / 2)];
}
