import { spawn } from 'node:child_process';

/** A git command that failed, with what git said. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/** Git with a fixed identity and no user or system config, so runs are reproducible. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};

/** Runs git and resolves to its stdout; rejects with GitCommandError. */
export function runGit(
  args: string[],
  options: {
    cwd: string;
    input?: string | Buffer;
    env?: NodeJS.ProcessEnv;
    allowExitCodes?: number[];
  },
): Promise<{ stdout: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, ...GIT_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.allowExitCodes?.includes(exitCode)) {
        resolve({ stdout: Buffer.concat(out).toString('utf8'), exitCode });
      } else {
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
      }
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input; the exit code tells the story.
    });
    child.stdin.end(options.input ?? '');
  });
}
