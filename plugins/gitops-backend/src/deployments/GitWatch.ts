import { parseRepoUrl } from '../git/repoUrl';
import type { GitSourceFacts } from './gitFacts';

/**
 * Per repository key: the files whose change can change a built
 * deployment, or `'any'` when any new commit there may.
 */
export type WatchedRepositories = ReadonlyMap<
  string,
  readonly string[] | 'any'
>;

/**
 * What one build read from Git, so that a push rebuilds only the
 * deployments it can change. A source whose facts are settled (see
 * `GitSourceFacts.watchPaths`) watches its render inputs; anything else
 * read from a repository (an unsettled source, a commit not indexed yet)
 * makes the whole repository watched.
 */
export class GitWatch {
  private readonly repos = new Map<string, readonly string[] | 'any'>();

  /** A Git source's facts, read for `repoUrl`. */
  facts(repoUrl: string, facts: GitSourceFacts): void {
    // The repository root as an input: every commit touches it, even one
    // that changes no file (an empty commit moves the desired revision).
    if (!facts.watchPaths || facts.watchPaths.includes('')) {
      this.anyChange(repoUrl);
      return;
    }
    const key = keyOf(repoUrl);
    if (key === undefined) return;
    const known = this.repos.get(key);
    if (known === 'any') return;
    this.repos.set(
      key,
      known ? [...new Set([...known, ...facts.watchPaths])] : facts.watchPaths,
    );
  }

  /** Something read from `repoUrl` that a new commit there may change. */
  anyChange(repoUrl: string): void {
    const key = keyOf(repoUrl);
    if (key !== undefined) this.repos.set(key, 'any');
  }

  get repositories(): WatchedRepositories {
    return this.repos;
  }
}

function keyOf(repoUrl: string): string | undefined {
  try {
    return parseRepoUrl(repoUrl).key;
  } catch {
    // A URL no provider reads has no commits to watch.
    return undefined;
  }
}
