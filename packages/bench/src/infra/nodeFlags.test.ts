import { parseArgs } from '../args';
import { backendNodeFlags } from './nodeFlags';

describe('backendNodeFlags', () => {
  it('runs the backend with the recommended heap growing factor by default', () => {
    const args = parseArgs([], '/tmp/out');
    expect(backendNodeFlags(args, {})).toEqual(['--heap-growing-percent=50']);
  });

  it('leaves V8 its own factor at 0, and appends BENCH_NODE_FLAGS', () => {
    const args = parseArgs(['--heap-growing-percent', '0'], '/tmp/out');
    expect(
      backendNodeFlags(args, {
        BENCH_NODE_FLAGS: ' --cpu-prof  --cpu-prof-dir=/tmp/p ',
      }),
    ).toEqual(['--cpu-prof', '--cpu-prof-dir=/tmp/p']);
    expect(
      backendNodeFlags(parseArgs(['--heap-growing-percent=25'], '/o'), {}),
    ).toEqual(['--heap-growing-percent=25']);
  });

  it('refuses a negative factor', () => {
    expect(() => parseArgs(['--heap-growing-percent', '-5'], '/o')).toThrow(
      /--heap-growing-percent must be a number ≥ 0/,
    );
  });
});
