/*
 * yarn workspace @gitops-console/bench cpu-split <profile or folder> [latest.json]
 *
 * Splits a CPU profile of the bench's restarted backend (taken with
 * BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=<folder>") by the run's
 * phases, and prints whose code each phase's CPU went to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CPU_CATEGORIES } from './cpuCategories';
import { splitProfileByPhase, type CpuProfile } from './splitProfile';

const USAGE =
  'usage: cpu-split <profile.cpuprofile | folder of them> [bench-output/latest.json]';

function profileFile(target: string, pid: number): string {
  if (!fs.statSync(target).isDirectory()) return target;
  const name = fs
    .readdirSync(target)
    .find(f => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`));
  if (!name) {
    throw new Error(`no profile of the backend (pid ${pid}) in ${target}`);
  }
  return path.join(target, name);
}

function main() {
  const [target, latest = 'bench-output/latest.json'] = process.argv.slice(2);
  if (!target) throw new Error(USAGE);
  const run = JSON.parse(fs.readFileSync(latest, 'utf8'));
  if (!run.phase_clock || !Array.isArray(run.rss_by_phase)) {
    throw new Error(
      `${latest} has no phase_clock: a bench run before 2026-12-02?`,
    );
  }
  const file = profileFile(target, run.phase_clock.backend_pid);
  const profile: CpuProfile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const phases = splitProfileByPhase(
    profile,
    run.rss_by_phase,
    run.phase_clock.backend_spawned_mono_us,
  );
  // The event loop's longest delay in each phase, where the run recorded it.
  const loopMax = (i: number) =>
    String(run.rss_by_phase[i]?.event_loop?.max_ms ?? '');
  const header = [
    'phase',
    's',
    'samples',
    ...CPU_CATEGORIES,
    'event-loop delay max (ms)',
  ];
  const rows = phases.map((p, i) => [
    p.phase,
    String(p.seconds),
    String(p.samples),
    ...CPU_CATEGORIES.map(c => `${p.shares[c]}%`),
    loopMax(i),
  ]);
  process.stdout.write(`${file}\n\n`);
  for (const row of [header, header.map(() => '---'), ...rows]) {
    process.stdout.write(`| ${row.join(' | ')} |\n`);
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`cpu-split: ${(error as Error).message}\n`);
  process.exit(1);
}
