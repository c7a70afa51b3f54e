import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { GIT_ENV } from './runGit';

/** An object as `git cat-file --batch` prints it. */
export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

interface Pending {
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * One long-running `git cat-file --batch` per repository, for reading many
 * files: a process per file costs a fork of this (large) process each time,
 * which dominated the demo's start on a loaded machine.
 *
 * Requests are answered in order. A process that fails fails what it has
 * pending, and the next read starts a new one.
 */
export class CatFileBatch {
  private child?: ChildProcessWithoutNullStreams;
  private pending: Pending[] = [];
  private buffer = Buffer.alloc(0);
  private closed = false;

  constructor(private readonly gitDir: string) {}

  /** The blob at `<revision>:<path>`, or undefined when there is none. */
  async read(revision: string, file: string): Promise<Buffer | undefined> {
    const object = await this.object(`${revision}:${file}`);
    // A folder (tree) is not a file.
    return object?.type === 'blob' ? object.content : undefined;
  }

  /** The commit a revision (`refs/heads/main`, a SHA, a tag) names now. */
  async commit(revision: string): Promise<string | undefined> {
    return (await this.object(`${revision}^{commit}`))?.oid;
  }

  /** Any object by `git rev-parse` syntax, or undefined when there is none. */
  object(spec: string): Promise<GitObject | undefined> {
    if (this.closed) return Promise.reject(new Error('the reader is closed'));
    if (/[\n\r]/.test(spec)) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.process().stdin.write(`${spec}\n`);
    });
  }

  close(): void {
    this.closed = true;
    this.fail(new Error('the reader is closed'));
  }

  private process(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: this.gitDir,
      env: { ...process.env, ...GIT_ENV },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.stdin.on('error', () => {
      // The exit below reports it.
    });
    const failed = (why: string) => {
      if (this.child !== child) return;
      this.fail(new Error(`git cat-file --batch ${why}: ${stderr.trim()}`));
    };
    child.on('error', error => failed(error.message));
    child.on('exit', code => failed(`exited (${code})`));
    this.child = child;
    return child;
  }

  /** Answers the oldest requests whose output is complete. */
  private drain() {
    while (this.pending.length > 0) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (/ (missing|ambiguous)$/.test(header)) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.pending.shift()!.resolve(undefined);
        continue;
      }
      const [oid, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      // The content, then one newline.
      if (this.buffer.length < newline + 1 + size + 1) return;
      const content = Buffer.from(
        this.buffer.subarray(newline + 1, newline + 1 + size),
      );
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.pending.shift()!.resolve({ oid, type, content });
    }
  }

  private fail(error: Error) {
    const child = this.child;
    this.child = undefined;
    this.buffer = Buffer.alloc(0);
    const pending = this.pending;
    this.pending = [];
    pending.forEach(p => p.reject(error));
    if (child && child.exitCode === null) child.kill();
  }
}
