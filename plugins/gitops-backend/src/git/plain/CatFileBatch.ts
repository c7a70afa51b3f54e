import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnv } from './gitRunner';

/** One object as `git cat-file --batch` answers it. */
export interface BatchObject {
  type: 'blob' | 'tree' | 'commit' | 'tag';
  content: Buffer;
}

interface Pending {
  resolve(object: BatchObject | undefined): void;
  reject(error: Error): void;
}

/** Objects larger than this are not read (render inputs are small YAML). */
const MAX_OBJECT_BYTES = 4 * 1024 * 1024;

/**
 * One long-lived `git cat-file --batch` per mirror: tree reads at a commit
 * (`<sha>:<path>`) cost a line on its stdin, not a process. Requests are
 * answered in order; a request that takes longer than the timeout kills the
 * process (the next request starts a new one), and an idle process exits.
 */
export class CatFileBatch {
  private child?: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer = Buffer.alloc(0);
  private idleTimer?: NodeJS.Timeout;
  private requestTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      gitDir: string;
      timeoutMs: number;
      idleMs?: number;
      /** Called each time a git process is started (for counters). */
      onSpawn?: () => void;
    },
  ) {}

  /** The object a name (`<sha>:<path>`) names, or undefined when missing. */
  read(name: string): Promise<BatchObject | undefined> {
    if (/[\n\r]/.test(name)) {
      return Promise.resolve(undefined);
    }
    const child = this.ensureChild();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.armRequestTimer();
      child.stdin.write(`${name}\n`);
    });
  }

  close(): void {
    const child = this.child;
    this.child = undefined;
    clearTimeout(this.idleTimer);
    clearTimeout(this.requestTimer);
    if (child) {
      child.stdin.end();
      child.kill('SIGKILL');
    }
    this.failAll(new Error('git cat-file was closed'));
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    clearTimeout(this.idleTimer);
    if (this.child) return this.child;
    this.options.onSpawn?.();
    const child = spawn(
      'git',
      ['--literal-pathspecs', '-C', this.options.gitDir, 'cat-file', '--batch'],
      { env: gitEnv(undefined), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.buffer = Buffer.alloc(0);
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.stdin.on('error', () => {
      // The exit handler reports it.
    });
    const gone = (reason: string) => {
      if (this.child !== child) return;
      this.child = undefined;
      clearTimeout(this.requestTimer);
      this.failAll(
        new Error(
          `git cat-file ${reason}${stderr ? `: ${stderr.trim()}` : ''}`,
        ),
      );
    };
    child.on('error', error => gone(`could not run: ${error.message}`));
    child.on('exit', code => gone(`exited (${code})`));
    return child;
  }

  private drain() {
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.settle(undefined);
        continue;
      }
      const [, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (!Number.isFinite(size)) {
        this.restart(new Error(`unexpected git cat-file output: ${header}`));
        return;
      }
      // Header, content, and the newline after it.
      if (this.buffer.length < newline + 1 + size + 1) return;
      const content = Buffer.from(
        this.buffer.subarray(newline + 1, newline + 1 + size),
      );
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.settle(
        size > MAX_OBJECT_BYTES
          ? undefined
          : { type: type as BatchObject['type'], content },
      );
    }
  }

  private settle(object: BatchObject | undefined) {
    this.queue.shift()?.resolve(object);
    clearTimeout(this.requestTimer);
    if (this.queue.length > 0) {
      this.armRequestTimer();
    } else {
      this.idleTimer = setTimeout(
        () => this.close(),
        this.options.idleMs ?? 60_000,
      );
      this.idleTimer.unref?.();
    }
  }

  private armRequestTimer() {
    clearTimeout(this.requestTimer);
    this.requestTimer = setTimeout(
      () =>
        this.restart(
          new Error(
            `git cat-file did not answer in ${this.options.timeoutMs} ms`,
          ),
        ),
      this.options.timeoutMs,
    );
    this.requestTimer.unref?.();
  }

  private restart(error: Error) {
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
    this.failAll(error);
  }

  private failAll(error: Error) {
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
