import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * Runs "$@" under a tiny sh supervisor in a fresh process group. The
 * supervisor holds a pipe from this Node process on fd 3: when Node dies in
 * any way (even SIGKILL) the pipe closes, the `read` returns, and the
 * supervisor stops the child and removes the orphan folder, if one was given.
 * It also waits for the child before exiting, so the child is always reaped.
 * So a crashed test run leaves no etcd or apiserver behind.
 */
const SUPERVISOR = `
exec 3<&0
"$@" 3<&- </dev/null &
child=$!
(
  read _ <&3
  kill -TERM "$child" 2>/dev/null
  if [ -n "$TESTKIT_ORPHAN_DIR" ]; then rm -rf "$TESTKIT_ORPHAN_DIR"; fi
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    kill -0 "$child" 2>/dev/null || exit 0
    sleep 0.25
  done
  kill -KILL "$child" 2>/dev/null
) </dev/null >/dev/null 2>&1 &
watcher=$!
exec 3<&-
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
# A trapped signal interrupts wait; keep waiting until the child is gone so
# that it is reaped here and never left as an orphan.
while :; do
  wait "$child"
  status=$?
  kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit $status
`;

const STDERR_TAIL_LINES = 30;

/**
 * Process groups still running (with their orphan folders), killed and
 * removed synchronously when Node exits without stopping them.
 */
const liveGroups = new Map<number, string | undefined>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pgid, orphanDir] of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
      if (orphanDir) fs.rmSync(orphanDir, { recursive: true, force: true });
    }
  });
}

export interface ManagedProcessOptions {
  /** A short name used in errors, e.g. "kube-apiserver". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** Removed by the supervisor when this Node process dies without stop(). */
  orphanDir?: string;
  /** Appends all output here as well, for debugging. */
  logFile?: string;
}

/** A child process in its own process group, with its recent output kept. */
export class ManagedProcess {
  readonly name: string;
  private readonly command: string;
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
  private readonly exited: Promise<void>;

  private constructor(options: ManagedProcessOptions) {
    this.name = options.name;
    this.command = options.command;
    installExitHook();
    this.child = spawn(
      '/bin/sh',
      ['-c', SUPERVISOR, 'supervisor', options.command, ...options.args],
      {
        cwd: options.cwd,
        env: {
          ...(options.env ?? process.env),
          TESTKIT_ORPHAN_DIR: options.orphanDir ?? '',
        },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        uid: options.uid,
        gid: options.gid,
      },
    );
    const pid = this.child.pid;
    if (pid !== undefined) liveGroups.set(pid, options.orphanDir);
    const log = options.logFile
      ? fs.createWriteStream(options.logFile, { flags: 'a' })
      : undefined;
    const keep = (chunk: Buffer) => {
      log?.write(chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > STDERR_TAIL_LINES) this.tail.shift();
      }
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    // Neither the child nor its pipes keep Node alive: a script that forgets
    // stop() still exits, and the exit hook (or the supervisor) cleans up.
    (this.child.stdin as any)?._handle?.unref?.();
    this.child.unref();
    (this.child.stdout as any)?._handle?.unref?.();
    (this.child.stderr as any)?._handle?.unref?.();
    this.exited = new Promise(resolve => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        if (pid !== undefined) liveGroups.delete(pid);
        log?.end();
        resolve();
      });
      this.child.on('error', error => {
        this.tail.push(`spawn error: ${error.message}`);
        this.exitInfo = { code: null, signal: null };
        if (pid !== undefined) liveGroups.delete(pid);
        resolve();
      });
    });
  }

  static start(options: ManagedProcessOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The last lines the process printed. */
  recentOutput(): string {
    return this.tail.join('\n');
  }

  /** An error naming the process, how it ended and what it said last. */
  exitError(): Error {
    const how = this.exitInfo?.signal
      ? `was killed by ${this.exitInfo.signal}`
      : `exited with code ${this.exitInfo?.code}`;
    return new Error(
      `${this.name} ${how}: ${this.recentOutput() || '(no output)'}`,
    );
  }

  /**
   * Sends a signal to the command itself, not to its supervisor: SIGSTOP
   * then freezes the command while the supervisor stays able to clean up.
   * Without /proc (not Linux) the whole process group gets the signal.
   */
  signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (!this.running || pid === undefined) return;
    const target = this.commandPid();
    if (target === undefined) signalGroup(pid, signal);
    else process.kill(target, signal);
  }

  /** The command's pid: the supervisor's child started from `command`. */
  private commandPid(): number | undefined {
    const pid = this.child.pid;
    try {
      const children = fs
        .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      return children.find(child => {
        const argv0 = fs
          .readFileSync(`/proc/${child}/cmdline`, 'utf8')
          .split('\0')[0];
        return argv0 === this.command;
      });
    } catch {
      return undefined;
    }
  }

  /** Resolves when the process has exited. */
  waitForExit(): Promise<void> {
    return this.exited;
  }

  /**
   * Stops the process: TERM to the supervisor, which passes it on and waits,
   * so the child can stop its own children and reap them; then KILL to the
   * whole group after the grace period, or right after the supervisor exits
   * to sweep up anything left.
   */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (!this.running || pid === undefined) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    signalGroup(pid, 'SIGKILL');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}
