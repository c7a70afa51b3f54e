import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  GitCiStatus,
  GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { parseRepoUrl } from '../repoUrl';
import type { RepositoryChangeListener } from '../commitIndex/CommitIndex';

export interface CiStatusTrackerOptions {
  /** The provider of a repository (throws for one that may not be read). */
  providerFor: (repoUrl: string) => GitProvider;
  /** Seconds between two reads of one commit's CI state. Default 60. */
  pollSeconds?: number;
  /** Commits read per round (one round a second at most). Default 50. */
  maxPerRound?: number;
  /** Commits followed at once; the least recently shown go first. Default 5000. */
  maxCommits?: number;
  logger?: LoggerService;
  now?: () => number;
}

interface Tracked {
  repoUrl: string;
  repoKey: string;
  sha: string;
  status?: GitCiStatus;
  checkedAt: number;
}

/** Commits read at once within a round. */
const CONCURRENCY = 4;

/**
 * CI states of the commits views show, kept in memory and refreshed in the
 * background: a view asks `statusOf` while it is built (never a request on
 * a page view), which also enrols the commit; a poll re-reads each enrolled
 * commit every `pollSeconds`, a bounded number per round, oldest first, and
 * tells listeners of the repositories whose commits changed state, so their
 * views are rebuilt. Hosts without CI statuses are not polled at all.
 */
export class CiStatusTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly listeners = new Set<RepositoryChangeListener>();
  private readonly unsupported = new Set<string>();
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly options: CiStatusTrackerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The commit's last known CI state; enrols it for the poll. */
  statusOf(repoUrl: string, sha: string): GitCiStatus | undefined {
    if (!/^[0-9a-f]{40}$/i.test(sha)) return undefined;
    let repoKey: string;
    try {
      repoKey = parseRepoUrl(repoUrl).key;
      if (this.unsupported.has(repoKey)) return undefined;
      if (!this.options.providerFor(repoUrl).ciStatus) {
        this.unsupported.add(repoKey);
        return undefined;
      }
    } catch {
      return undefined; // Not readable: the builders report that already.
    }
    const key = `${repoKey}@${sha}`;
    const known = this.tracked.get(key);
    if (known) {
      // Re-inserted, so the Map's order is least recently shown first.
      this.tracked.delete(key);
      this.tracked.set(key, known);
      return known.status;
    }
    this.tracked.set(key, {
      repoUrl,
      repoKey,
      sha,
      checkedAt: 0,
    });
    this.bound();
    return undefined;
  }

  onChange(listener: RepositoryChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.tracked.size;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), 1000);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: the commits due, oldest read first. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const dueBefore = this.now() - (this.options.pollSeconds ?? 60) * 1000;
      const due = [...this.tracked.values()]
        .filter(t => t.checkedAt <= dueBefore)
        .sort((a, b) => a.checkedAt - b.checkedAt)
        .slice(0, this.options.maxPerRound ?? 50);
      const changed = new Map<string, string[]>();
      for (let i = 0; i < due.length; i += CONCURRENCY) {
        await Promise.all(
          due.slice(i, i + CONCURRENCY).map(async t => {
            if (!(await this.read(t))) return;
            const shas = changed.get(t.repoKey);
            if (shas) shas.push(t.sha);
            else changed.set(t.repoKey, [t.sha]);
          }),
        );
      }
      // With the commits: only the views showing them are rebuilt.
      for (const [repoKey, commits] of changed) {
        for (const listener of this.listeners) listener(repoKey, { commits });
      }
    } finally {
      this.polling = false;
    }
  }

  /** Reads one commit; answers whether its state changed. */
  private async read(t: Tracked): Promise<boolean> {
    t.checkedAt = this.now();
    try {
      const provider = this.options.providerFor(t.repoUrl);
      const status = await provider.ciStatus!({
        repoUrl: t.repoUrl,
        sha: t.sha,
      });
      const changed = JSON.stringify(status) !== JSON.stringify(t.status);
      t.status = status;
      return changed;
    } catch (error) {
      // Rate limited or down: keep the last state; the next round retries.
      this.options.logger?.debug(
        `GitOps: CI state of ${t.repoKey}@${t.sha.slice(0, 7)} not read: ${
          (error as Error).message
        }`,
      );
      return false;
    }
  }

  /** Drops the commits no view showed for longest, beyond the bound. */
  private bound() {
    const max = this.options.maxCommits ?? 5000;
    for (const key of this.tracked.keys()) {
      if (this.tracked.size <= max) return;
      this.tracked.delete(key);
    }
  }
}
