import { CPU_CATEGORIES, cpuCategoryOf, type CallFrame } from './cpuCategories';

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame }>;
  /** Microseconds on CLOCK_MONOTONIC, the clock of `process.hrtime`. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The end of a bench phase on the same clock as the profile. */
export interface PhaseEnd {
  phase: string;
  mono_us: number;
}

export interface PhaseCpu {
  phase: string;
  seconds: number;
  samples: number;
  /** Share of the phase's samples per category, in per cent. */
  shares: Record<string, number>;
}

/**
 * Each phase's samples by whose code was on top of the stack (self time).
 * A phase runs from the previous phase's end (the first: from `from`) to
 * its own.
 */
export function splitProfileByPhase(
  profile: CpuProfile,
  phases: PhaseEnd[],
  from: number,
): PhaseCpu[] {
  const category = new Map(
    profile.nodes.map(n => [n.id, cpuCategoryOf(n.callFrame)]),
  );
  const counts = phases.map(() => new Map<string, number>());
  let at = profile.startTime;
  let phase = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from) return;
    while (phase < phases.length && at > phases[phase].mono_us) phase += 1;
    if (phase >= phases.length) return;
    const name = category.get(id) ?? 'other packages';
    counts[phase].set(name, (counts[phase].get(name) ?? 0) + 1);
  });
  return phases.map((p, i) => {
    const total = [...counts[i].values()].reduce((a, b) => a + b, 0);
    const start = i === 0 ? from : phases[i - 1].mono_us;
    return {
      phase: p.phase,
      seconds: Math.round((p.mono_us - start) / 1e5) / 10,
      samples: total,
      shares: Object.fromEntries(
        CPU_CATEGORIES.map(c => [
          c,
          total ? Math.round((1000 * (counts[i].get(c) ?? 0)) / total) / 10 : 0,
        ]),
      ),
    };
  });
}
