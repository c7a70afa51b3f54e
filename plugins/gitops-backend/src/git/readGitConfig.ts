import { Config } from '@backstage/config';
import path from 'node:path';

/** The `gitops.git` config section, with defaults applied. */
export interface GitConfig {
  /** Host names or URL prefixes that plain Git may fetch from. */
  allowedHosts: string[];
  /**
   * Where the plain Git provider keeps its bare mirrors; undefined for a
   * folder private to the process (made by the provider).
   */
  cacheDir?: string;
  /** Commits each tracked branch keeps in the commit index. */
  historyDepth: number;
  /** Bound of a clone, fetch or GitHub request, in seconds. */
  timeoutSeconds: number;
  /** How many mirrors the cache keeps before evicting the least used. */
  maxCachedRepos: number;
  /** Minimum time between two fetches (plain Git) or revalidations (GitHub). */
  fetchIntervalSeconds: number;
}

export const DEFAULT_MAX_CACHED_REPOS = 50;
export const DEFAULT_FETCH_INTERVAL_SECONDS = 15;
export const DEFAULT_HISTORY_DEPTH = 5000;
export const DEFAULT_TIMEOUT_SECONDS = 30;

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `${key} must be a whole number of at least 1, got ${value}`,
    );
  }
  return value;
}

export function readGitConfig(config: Config): GitConfig {
  const git = config.getOptionalConfig('gitops.git');
  const allowedHosts = git?.getOptionalStringArray('allowedHosts') ?? [];
  for (const [index, entry] of allowedHosts.entries()) {
    if (!entry.trim()) {
      throw new Error(`gitops.git.allowedHosts[${index}] is empty`);
    }
  }

  const maxCachedRepos =
    git?.getOptionalNumber('maxCachedRepos') ?? DEFAULT_MAX_CACHED_REPOS;
  if (!Number.isInteger(maxCachedRepos) || maxCachedRepos < 1) {
    throw new Error(
      `gitops.git.maxCachedRepos must be a whole number of at least 1, got ${maxCachedRepos}`,
    );
  }
  const fetchIntervalSeconds =
    git?.getOptionalNumber('fetchIntervalSeconds') ??
    DEFAULT_FETCH_INTERVAL_SECONDS;
  if (!(fetchIntervalSeconds >= 0)) {
    throw new Error(
      `gitops.git.fetchIntervalSeconds must be 0 or more, got ${fetchIntervalSeconds}`,
    );
  }

  // Backstage's own scratch folder when set, so one setting moves all of
  // it; otherwise a folder private to the process, never a shared one.
  const workingDirectory = config.getOptionalString('backend.workingDirectory');
  const configured =
    git?.getOptionalString('cacheDir') ??
    (workingDirectory
      ? path.join(workingDirectory, 'backstage-gitops-git')
      : undefined);

  return {
    allowedHosts: allowedHosts.map(entry => entry.trim()),
    cacheDir: configured ? path.resolve(configured) : undefined,
    maxCachedRepos,
    fetchIntervalSeconds,
    historyDepth: positiveInteger(
      git?.getOptionalNumber('historyDepth') ?? DEFAULT_HISTORY_DEPTH,
      'gitops.git.historyDepth',
    ),
    timeoutSeconds: positiveInteger(
      git?.getOptionalNumber('timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS,
      'gitops.git.timeoutSeconds',
    ),
  };
}
