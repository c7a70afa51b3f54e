import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitCommandError } from '../git/errors';
import { authorizationEnv } from '../git/plain/gitHttpCredentials';
import { defaultGitRunner, gitEnv, GitRunner } from '../git/plain/gitRunner';
import { parseRepoUrl, redactUrl } from '../git/repoUrl';
import { validRefName } from '../git/refs';

export interface GitWorkspaceOptions {
  /** The URL git clones from and pushes to (http(s) or file://). */
  repoUrl: string;
  /** The tracked branch; the workspace's `origin/<branch>` is its tip. */
  branch: string;
  /** HTTP Authorization header value, sent to this URL's origin only. */
  authorization?: string;
  runner?: GitRunner;
  /** Bound of each git process; the clone gets the same. Default 60 s. */
  timeoutMs?: number;
}

export interface GitCallOptions {
  input?: string;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 of `apply`). */
  okCodes?: number[];
}

/**
 * A clone of one repository in a private temporary folder (mode 0700,
 * removed by `close()`), without a checkout: every computation works on
 * trees and the index, so a large repository costs no file writes. The
 * credentials reach git through the environment only (never argv or the
 * folder's config), so nothing secret stays on disk.
 */
export class GitWorkspace {
  private constructor(
    readonly dir: string,
    readonly repoUrl: string,
    readonly branch: string,
    private readonly env: Record<string, string>,
    private readonly runner: GitRunner,
    private readonly timeoutMs: number,
  ) {}

  static async open(options: GitWorkspaceOptions): Promise<GitWorkspace> {
    if (!validRefName(options.branch)) {
      throw new Error(`branch '${options.branch}' is not a valid branch name`);
    }
    const url = parseRepoUrl(options.repoUrl);
    const dir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'gitops-console-write-'),
    );
    await fs.chmod(dir, 0o700);
    const workspace = new GitWorkspace(
      dir,
      url.fetchUrl,
      options.branch,
      authorizationEnv(url, options.authorization),
      options.runner ?? defaultGitRunner,
      options.timeoutMs ?? 60_000,
    );
    try {
      await workspace.run(
        'clone',
        [
          'clone',
          '--quiet',
          '--no-checkout',
          '--single-branch',
          '--branch',
          options.branch,
          '--',
          url.fetchUrl,
          dir,
        ],
        {},
        os.tmpdir(),
      );
    } catch (error) {
      await workspace.close();
      throw error;
    }
    return workspace;
  }

  /** Opens a workspace for one piece of work and removes it afterwards. */
  static async use<T>(
    options: GitWorkspaceOptions,
    work: (workspace: GitWorkspace) => Promise<T>,
  ): Promise<T> {
    const workspace = await GitWorkspace.open(options);
    try {
      return await work(workspace);
    } finally {
      await workspace.close();
    }
  }

  /** Runs git in the workspace and answers its stdout. */
  async git(args: string[], options: GitCallOptions = {}): Promise<string> {
    return (await this.call(args, options)).stdout;
  }

  /** Like `git`, with the exit code, for commands whose failure is an answer. */
  async call(args: string[], options: GitCallOptions = {}) {
    return this.run(args[0], args, options, this.dir);
  }

  /** The full SHA of a revision, or undefined when there is none. */
  async tryResolve(rev: string): Promise<string | undefined> {
    const result = await this.call(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${rev}^{commit}`,
      ],
      { okCodes: [1] },
    );
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  }

  /** A blob's bytes, unchanged (the runner's stdout is text). */
  blob(sha: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['cat-file', 'blob', sha],
        {
          cwd: this.dir,
          env: gitEnv(this.env),
          encoding: 'buffer',
          maxBuffer: 100 * 1024 * 1024,
          timeout: this.timeoutMs,
        },
        (error, stdout) =>
          error
            ? reject(new GitCommandError('cat-file', this.repoUrl, null, ''))
            : resolve(stdout),
      );
    });
  }

  async close(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async run(
    operation: string,
    args: string[],
    options: GitCallOptions,
    cwd: string,
  ) {
    const result = await this.runner({
      args: [
        // Our own identity and no hooks or signing from the machine's config.
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'commit.gpgSign=false',
        ...args,
      ],
      cwd,
      env: { ...this.env, ...options.env },
      timeoutMs: this.timeoutMs,
      input: options.input,
    });
    const ok =
      result.exitCode === 0 || options.okCodes?.includes(result.exitCode ?? -1);
    if (!ok) {
      throw new GitCommandError(
        operation,
        this.repoUrl,
        result.exitCode,
        redactUrl(result.stderr.trim().split('\n').slice(-3).join(' ')),
      );
    }
    return result;
  }
}
