import type { GitCommitChange } from '@gitops-console/plugin-gitops-node';

/** Builds commits with chosen parents and files, for index tests. */
export class SyntheticGraph {
  readonly graph = new Map<string, GitCommitChange>();
  private count = 0;

  commit(
    files: string[],
    parents: string[],
    message = `commit ${this.count + 1}`,
  ): string {
    this.count += 1;
    const sha = this.count.toString(16).padStart(40, '0');
    this.graph.set(sha, {
      sha,
      parents,
      files,
      message,
      author: { name: 'Tester' },
      committedAt: new Date(Date.UTC(2026, 0, 1, 0, this.count)).toISOString(),
    });
    return sha;
  }

  /** A straight line of commits, each touching the given files. */
  line(filesPerCommit: string[][], parent?: string): string[] {
    const shas: string[] = [];
    let last = parent;
    for (const files of filesPerCommit) {
      last = this.commit(files, last ? [last] : []);
      shas.push(last);
    }
    return shas;
  }
}
