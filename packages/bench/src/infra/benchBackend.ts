import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess, waitFor } from '@gitops-console/testkit';
import YAML from 'yaml';
import { BACKEND_ENTRY } from '../paths';

/** The backend's resident set after one bench phase, in MB. */
export interface PhaseRss {
  phase: string;
  rss_mb: number;
  peak_mb: number;
  /** Of rss_mb, pages freed lazily (MADV_FREE) that the kernel may take back at will. */
  lazy_free_mb?: number;
  /**
   * When the phase ended, in microseconds on CLOCK_MONOTONIC: the clock of
   * `node --cpu-prof`'s timestamps, so a profile splits by phase.
   */
  mono_us: number;
  /** The backend's event-loop delay during the phase (older backends: none). */
  event_loop?: { max_ms: number; p99_ms: number; mean_ms: number };
  /** The backend's heap at the phase's end, uncollected (older backends: none). */
  heap?: {
    heap_used_mb: number;
    heap_total_mb: number;
    external_mb: number;
    rss_mb: number;
    peak_malloced_mb: number;
  };
}

/** The benchmark backend, running as a child process. */
export interface BenchBackend {
  readonly url: string;
  /** When the process was spawned (ms since epoch). */
  readonly startedAt: number;
  /** The same, in microseconds on CLOCK_MONOTONIC (see PhaseRss). */
  readonly startedMonoUs: number;
  /** The backend's Node process id (not its supervisor's). */
  readonly pid: number;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** Current resident set size (VmRSS), in MB. */
  rssMb(): number;
  /**
   * What the resident set is made of now, in MB: anonymous memory (the
   * JavaScript heap and native allocations) and mapped files (the Node
   * binary, native modules such as the TypeScript transform's SWC).
   */
  rssParts(): { anon_mb: number; file_mb: number; shmem_mb: number };
  /**
   * CPU seconds the backend process has used so far (user + system, from
   * /proc/<pid>/stat): beside wall time, since other jobs load the machine.
   */
  cpuS(): number;
  /**
   * CPU seconds of the backend's child processes so far (git): the ones it
   * has reaped, and the live ones (`cat-file --batch` lives as long as its
   * repository is read) with their own children. Not in `cpuS`.
   */
  childCpuS(): number;
  /**
   * Records the resident set now and its peak so far under `phase`: which
   * phase grows the backend shows in the trail, where the peak alone hides it.
   */
  markPhase(phase: string): PhaseRss;
  /** Every phase marked so far, in order. */
  phaseTrail(): PhaseRss[];
  /**
   * Writes a heap snapshot into `dir` and resolves with its path once the
   * backend answers again (it writes on its main thread). Needs the backend
   * started with `heapSnapshotDir`.
   */
  writeHeapSnapshot(): Promise<string>;
  running(): boolean;
  recentOutput(): string;
  stop(): Promise<void>;
}

const ENTRY = BACKEND_ENTRY;

/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold
 * spaces, in parentheses): index 0 is field 3 of the whole line.
 */
function statFields(pid: number): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime (fields 14 and 15), in clock ticks. */
function ownTicks(fields: string[]): number {
  return Number(fields[11]) + Number(fields[12]);
}

/** cutime + cstime (fields 16 and 17): the reaped children's, in clock ticks. */
function reapedChildTicks(fields: string[]): number {
  return Number(fields[13]) + Number(fields[14]);
}

/** The live children of every thread of `pid` (a thread may end meanwhile). */
function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    let text = '';
    try {
      text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    pids.push(...text.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return pids;
}

/**
 * CPU clock ticks of `pid`'s descendants: the reaped ones and, recursively,
 * the live ones. A process that exits
 * between the reads is missed from that one reading.
 */
function descendantTicks(pid: number): number {
  let ticks = reapedChildTicks(statFields(pid));
  for (const child of childPids(pid)) {
    try {
      ticks += ownTicks(statFields(child)) + descendantTicks(child);
    } catch {
      // exited between the two reads
    }
  }
  return ticks;
}

/** A reading of the process that keeps its last value once the process is gone. */
function lastReading(read: () => number): () => number {
  let last = 0;
  return () => {
    try {
      last = read();
    } catch {
      // the process is gone; keep the last reading
    }
    return last;
  };
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Resident pages the process has freed with MADV_FREE (V8 does, for heap
 * pages it gives back) and the kernel has not taken yet: counted in VmRSS
 * until memory runs short. NaN where smaps_rollup is missing.
 */
function lazyFreeMb(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^LazyFree:\s+(\d+) kB/m.exec(rollup);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function statusField(pid: number, field: string): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The Node process the supervisor started: its only child running node. */
function commandPid(supervisorPid: number): number | undefined {
  try {
    return childPids(supervisorPid).find(child =>
      fs
        .readFileSync(`/proc/${child}/cmdline`, 'utf8')
        .startsWith(process.execPath),
    );
  } catch {
    return undefined;
  }
}

/**
 * How an entry runs: TypeScript through Backstage's development transform
 * (SWC at load time, as `yarn start`), compiled JavaScript (--built) with
 * plain node, as production does. Node 22 strips types itself by default:
 * off for the built backend, so that a TypeScript file loaded by mistake
 * fails instead of being measured as built.
 */
export function backendModeFlags(entry: string): string[] {
  return entry.endsWith('.js')
    ? ['--no-experimental-strip-types']
    : ['--require', require.resolve('@backstage/cli/config/nodeTransform.cjs')];
}

/**
 * Writes the config and starts the backend; resolves once
 * /api/gitops/health answers (every plugin has started).
 */
export async function startBenchBackend(options: {
  config: object;
  workDir: string;
  logFile: string;
  port: number;
  /** Prepended to PATH: the git counting shim. */
  pathPrefix: string;
  timeoutMs: number;
  /**
   * The backend entry; default: src/backend/index.ts of this package. A
   * `.js` one (--built) runs without the development transform.
   */
  entry?: string;
  /** Where heap snapshots go (SIGUSR2); none without it. */
  heapSnapshotDir?: string;
  /** Node flags before the entry (backendNodeFlags). */
  nodeFlags: readonly string[];
}): Promise<BenchBackend> {
  const configFile = path.join(options.workDir, 'app-config.bench.yaml');
  fs.writeFileSync(configFile, YAML.stringify(options.config), { mode: 0o600 });
  fs.writeFileSync(options.logFile, '');
  const startedAt = Date.now();
  const startedMonoUs = monotonicUs();
  const nodeFlags = [...options.nodeFlags];
  if (options.heapSnapshotDir) {
    nodeFlags.push(
      '--heapsnapshot-signal=SIGUSR2',
      `--diagnostic-dir=${options.heapSnapshotDir}`,
    );
  }
  const entry = options.entry ?? ENTRY;
  const child = ManagedProcess.start({
    name: 'bench backend',
    command: process.execPath,
    args: [
      // For GET /api/bench/memory: the live heap after a collection.
      '--expose-gc',
      ...backendModeFlags(entry),
      ...nodeFlags,
      entry,
      '--config',
      configFile,
    ],
    cwd: path.dirname(path.dirname(entry)),
    env: {
      ...process.env,
      PATH: `${options.pathPrefix}${path.delimiter}${process.env.PATH ?? ''}`,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    },
    logFile: options.logFile,
  });
  const url = `http://127.0.0.1:${options.port}`;
  let pid: number | undefined;
  await waitFor(
    'the benchmark backend to answer /api/gitops/health',
    async () => {
      pid ??= commandPid(child.pid!);
      const response = await fetch(`${url}/api/gitops/health`);
      return response.ok;
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 250,
      failure: () => (child.running ? undefined : child.exitError()),
    },
  );
  pid ??= commandPid(child.pid!);
  if (!pid) throw new Error('cannot find the benchmark backend process');
  const backendPid = pid;
  let highestPeak = 0;
  const peak = lastReading(
    () =>
      (highestPeak = Math.max(highestPeak, statusField(backendPid, 'VmHWM'))),
  );
  const trail: PhaseRss[] = [];
  return {
    url,
    startedAt,
    startedMonoUs,
    pid: backendPid,
    markPhase(phase) {
      const mark = {
        phase,
        rss_mb: Math.round(statusField(backendPid, 'VmRSS')),
        peak_mb: Math.round(peak()),
        lazy_free_mb: Math.round(lazyFreeMb(backendPid)),
        mono_us: monotonicUs(),
      };
      trail.push(mark);
      return mark;
    },
    phaseTrail: () => [...trail],
    peakRssMb: peak,
    rssMb: () => statusField(backendPid, 'VmRSS'),
    cpuS: lastReading(() => ownTicks(statFields(backendPid)) / CLOCK_TICKS),
    childCpuS: lastReading(() => descendantTicks(backendPid) / CLOCK_TICKS),
    rssParts: () => ({
      anon_mb: Math.round(statusField(backendPid, 'RssAnon')),
      file_mb: Math.round(statusField(backendPid, 'RssFile')),
      shmem_mb: Math.round(statusField(backendPid, 'RssShmem')),
    }),
    async writeHeapSnapshot() {
      const dir = options.heapSnapshotDir;
      if (!dir)
        throw new Error('the backend was started without heapSnapshotDir');
      const snapshots = () =>
        fs.readdirSync(dir).filter(f => f.endsWith('.heapsnapshot'));
      const before = new Set(snapshots());
      process.kill(backendPid, 'SIGUSR2');
      let written: string | undefined;
      await waitFor(
        'the heap snapshot to be written',
        async () => {
          written ??= snapshots().find(f => !before.has(f));
          if (!written) return false;
          // Written synchronously: once the backend answers, it is complete.
          const response = await fetch(`${url}/api/gitops/health`, {
            signal: AbortSignal.timeout(5000),
          }).catch(() => undefined);
          return Boolean(response?.ok);
        },
        { timeoutMs: 300_000, intervalMs: 500 },
      );
      return path.join(dir, written!);
    },
    running: () => child.running,
    recentOutput: () => child.recentOutput(),
    async stop() {
      peak();
      // A profile is written at exit, which takes a while.
      await child.stop(nodeFlags.length > 0 ? 60_000 : undefined);
    },
  };
}
