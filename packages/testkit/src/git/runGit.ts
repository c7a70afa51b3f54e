import { spawn } from 'node:child_process';

/** Environment that keeps git away from the user's and system's config. */
export function isolatedGitEnv(
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

export interface GitResult {
  code: number | null;
  stdout: string;
  /** stdout as bytes, for binary objects. */
  stdoutBytes: Buffer;
  stderr: string;
}

type GitOptions = {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
};

/** Runs git and resolves with its exit code and output, whatever the code. */
export function execGit(
  args: string[],
  options: GitOptions = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: isolatedGitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', error =>
      reject(new Error(`cannot run git (is it installed?): ${error.message}`)),
    );
    child.on('close', code => {
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code,
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input; its exit code tells the story.
    });
    child.stdin.end(options.input);
  });
}

/** Runs git; resolves to stdout, rejects with git's stderr in the message. */
export async function runGit(
  args: string[],
  options: GitOptions = {},
): Promise<string> {
  const result = await execGit(args, options);
  if (result.code !== 0) {
    throw new Error(
      `git ${args.join(' ')} exited with code ${
        result.code
      }: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
