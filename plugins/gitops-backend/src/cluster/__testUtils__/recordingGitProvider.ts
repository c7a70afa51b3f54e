import { createHash } from 'node:crypto';
import type {
  GitCommit,
  GitCommitList,
  GitProvider,
} from '@gitops-console/plugin-gitops-node';

const hash = (value: unknown) =>
  createHash('sha1').update(JSON.stringify(value)).digest('hex');

/**
 * A Git provider whose every answer is derived from the question, and which
 * records the questions. Two builds that ask Git different things (because
 * a field of the resource was lost) get different answers and different
 * records; equal builds get equal ones.
 */
export class RecordingGitProvider implements GitProvider {
  readonly id = 'recording';
  readonly calls: string[] = [];

  supports(): boolean {
    return true;
  }

  private record(method: string, options: unknown) {
    this.calls.push(`${method} ${JSON.stringify(options)}`);
  }

  async resolveRevision(options: { repoUrl: string; ref: string }) {
    this.record('resolveRevision', options);
    return hash(options);
  }

  async getCommit(options: { repoUrl: string; sha: string }) {
    this.record('getCommit', options);
    return this.commit(options.sha, options.repoUrl);
  }

  async listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList> {
    this.record('listCommits', options);
    return {
      commits: [this.commit(hash(options), options.repoUrl)],
      truncated: false,
    };
  }

  async isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }) {
    this.record('isAncestor', options);
    return true;
  }

  async refresh(repoUrl: string) {
    this.record('refresh', repoUrl);
  }

  getStaleness() {
    return undefined;
  }

  private commit(sha: string, repoUrl: string): GitCommit {
    return {
      sha,
      message: `change ${sha.slice(0, 7)} in ${repoUrl}`,
      author: { name: 'Alice Moreau', email: 'alice@example.com' },
      committedAt: '2026-11-20T10:00:00Z',
      parents: [],
    };
  }
}
