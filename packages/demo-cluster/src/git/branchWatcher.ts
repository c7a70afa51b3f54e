import { EventEmitter } from 'node:events';
import { GitRepositories } from './gitRepositories';

export interface BranchMoved {
  repository: string;
  branch: string;
  sha: string;
  previous?: string;
}

/**
 * Notices when a branch of a demo repository moves: at once after a push
 * through the Git server, and by polling as a fallback (for commits made
 * straight into the bare repositories). Emits `moved` with a BranchMoved.
 */
export class BranchWatcher extends EventEmitter {
  private readonly known = new Map<string, Map<string, string>>();
  private timer?: NodeJS.Timeout;
  private scanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly git: GitRepositories,
    private readonly repositories: () => string[],
    private readonly pollMs: number,
  ) {
    super();
  }

  /** Records the current heads without emitting; call before start. */
  async prime(): Promise<void> {
    for (const repository of this.repositories()) {
      this.known.set(repository, await this.git.branches(repository));
    }
  }

  start(): void {
    this.timer = setInterval(() => this.check(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Scans now (serialised with any scan in flight); resolves when done. */
  check(repository?: string): Promise<void> {
    this.scanning = this.scanning
      .then(() => this.scan(repository))
      .catch(error => {
        this.emit('error', error);
      });
    return this.scanning;
  }

  private async scan(only?: string): Promise<void> {
    for (const repository of only ? [only] : this.repositories()) {
      const before = this.known.get(repository) ?? new Map<string, string>();
      const now = await this.git.branches(repository);
      this.known.set(repository, now);
      for (const [branch, sha] of now) {
        if (before.get(branch) !== sha) {
          this.emit('moved', {
            repository,
            branch,
            sha,
            previous: before.get(branch),
          } satisfies BranchMoved);
        }
      }
    }
  }
}
