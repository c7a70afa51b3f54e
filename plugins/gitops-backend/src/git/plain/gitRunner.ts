import { spawn } from 'node:child_process';

/** One git invocation. Secrets go in `env`, never in `args`. */
export interface GitRunOptions {
  args: string[];
  cwd?: string;
  /** Added to the sanitised environment, e.g. GIT_CONFIG_* for credentials. */
  env?: Record<string, string>;
  timeoutMs: number;
  /** Written to stdin, e.g. object names for `cat-file --batch-check`. */
  input?: string;
}

export interface GitRunResult {
  /** Null when git was killed (timeout, output too large). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs git; replaceable in tests to count or fail invocations. */
export type GitRunner = (options: GitRunOptions) => Promise<GitRunResult>;

const MAX_STDOUT_BYTES = 64 * 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;

// Variables that would point git at another repository or inject config.
const INHERITED_GIT_VARS =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|CONFIG_PARAMETERS|ASKPASS|COMMON_DIR|PREFIX)$/;

export function gitEnv(
  extra: Record<string, string> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!INHERITED_GIT_VARS.test(name) && name !== 'SSH_ASKPASS') {
      env[name] = value;
    }
  }
  return {
    ...env,
    // Never wait for a password on a terminal or a credential manager UI.
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
    ...extra,
  };
}

export const defaultGitRunner: GitRunner = options =>
  new Promise((resolve, reject) => {
    // Its own process group: git runs helpers (git-remote-http) that keep
    // the pipes open, so a timeout must kill the whole group, or a hung
    // server would hold the call forever.
    const child = spawn('git', options.args, {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(kill, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) {
        kill();
      } else {
        stdout.push(chunk);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the tail: git prints the cause last.
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR_BYTES);
    });
    child.on('error', error => {
      clearTimeout(timer);
      reject(new Error(`could not run git: ${error.message}`));
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({
        exitCode: killed ? null : code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr,
      });
    });
    child.stdin.on('error', () => {
      // git may exit before reading stdin; its exit code tells the story.
    });
    child.stdin.end(options.input ?? '');
  });
