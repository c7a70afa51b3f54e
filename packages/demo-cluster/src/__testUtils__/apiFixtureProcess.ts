import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/** The demo API server (one empty cluster `test`) in a child process. */
export interface ApiFixtureProcess {
  base: string;
  child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/**
 * Starts `apiFixtureMain.ts` with tsx in a child process and resolves once
 * it prints its URL (bounded by `startTimeoutMs`).
 */
export async function startApiFixtureProcess(
  options: { bookmarkIntervalMs?: number; startTimeoutMs?: number } = {},
): Promise<ApiFixtureProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'apiFixtureMain.ts')],
    {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        BOOKMARK_INTERVAL_MS: String(options.bookmarkIntervalMs ?? 60_000),
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr += chunk;
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API server process did not start: ${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(line).base);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the API server process exited (${code}): ${stderr}`));
    });
  });
  return {
    base,
    child,
    alive,
    stderr: () => stderr,
    stop: async () => {
      if (!alive()) return;
      // A stopped process ignores SIGTERM until it continues.
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
