import type { GitShim } from '../infra/gitShim';
import { afterScheduledRefresh } from './afterScheduledRefresh';

/** A shim whose counts the test moves, as the backend's git processes would. */
function countingShim() {
  const counts = { total: 0, bySubcommand: {} as Record<string, number> };
  const shim: GitShim = { binDir: '', count: () => structuredClone(counts) };
  const spawn = (sub: string) => {
    counts.total += 1;
    counts.bySubcommand[sub] = (counts.bySubcommand[sub] ?? 0) + 1;
  };
  return { shim, spawn };
}

describe('afterScheduledRefresh', () => {
  it('returns once a refresh has started and its processes went quiet', async () => {
    const { shim, spawn } = countingShim();
    spawn('fetch'); // an earlier refresh: not the one waited for
    const done = afterScheduledRefresh(shim, { quietMs: 100, pollMs: 5 }).then(
      ok => ({ ok, at: Date.now() }),
    );
    // Lower bounds only: a loaded machine makes each step later, never earlier.
    await new Promise(r => setTimeout(r, 20));
    spawn('fetch');
    await new Promise(r => setTimeout(r, 20));
    spawn('cat-file');
    const lastSpawn = Date.now();
    const { ok, at } = await done;
    expect(ok).toBe(true);
    expect(at).toBeGreaterThanOrEqual(lastSpawn + 100);
  });

  it('gives up after its bound when no refresh comes', async () => {
    const { shim } = countingShim();
    await expect(
      afterScheduledRefresh(shim, { timeoutMs: 60, pollMs: 5 }),
    ).resolves.toBe(false);
  });
});
