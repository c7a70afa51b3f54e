/**
 * A commit as GitOps Console shows it.
 *
 * @public
 */
export interface GitCommit {
  sha: string;
  /** The full commit message; the first line is its title. */
  message: string;
  author: { name: string; email?: string };
  /** ISO 8601 author time. */
  committedAt: string;
  /** Parent SHAs; more than one for a merge. */
  parents: string[];
  /** Pull request number, when the message or the hosting API gives one. */
  pullRequest?: number;
  /** A web link to the commit, when the host has one. */
  url?: string;
}

/**
 * A list of commits, capped.
 *
 * @public
 */
export interface GitCommitList {
  /** Newest first. */
  commits: GitCommit[];
  /** True when more commits matched than the limit allowed. */
  truncated: boolean;
}

/**
 * Why an answer came from the cache instead of the upstream host.
 *
 * @public
 */
export interface GitStaleness {
  reason: string;
  /** ISO 8601 time of the upstream failure. */
  since: string;
}

/**
 * A commit with the files it changed, as the commit index reads it. For a
 * merge, the files are the difference against its first parent, which is
 * what landed on the branch.
 *
 * @public
 */
export interface GitCommitChange extends GitCommit {
  /** Repository-relative paths of the changed files (added, modified, deleted, renamed from or to). */
  files: string[];
}

/**
 * A commit's combined CI state, as a provider reports it (the shape of
 * `CommitCiStatus` in the common package).
 *
 * @public
 */
export interface GitCiStatus {
  state: 'success' | 'failure' | 'pending' | 'none';
  url?: string;
  count: number;
}

/**
 * One entry of a tree at a commit: a file with its text, or a folder.
 *
 * @public
 */
export type GitTreeEntry = { type: 'file'; content: string } | { type: 'dir' };

/**
 * Raised when a revision (branch, tag or SHA) does not exist in a repository.
 *
 * @public
 */
export class GitRevisionNotFoundError extends Error {
  readonly name = 'GitRevisionNotFoundError';
  constructor(readonly repoUrl: string, readonly revision: string) {
    super(`revision '${revision}' does not exist in ${repoUrl}`);
  }
}

/**
 * Reads the history of a Git repository for the deployments that track it.
 * The backend ships providers for GitHub and plain Git; modules add more
 * through {@link gitopsGitProvidersExtensionPoint}.
 *
 * Paths are folders relative to the repository root, without leading or
 * trailing slashes; a commit "touches" a path when it changes a file under
 * `path/` (a sibling that shares a prefix does not count). An empty path
 * means the whole repository.
 *
 * Implementations read lazily and cache per repository; when the upstream
 * fails and a cached answer exists they serve it and report the failure
 * through {@link GitProvider.getStaleness}.
 *
 * @public
 */
export interface GitProvider {
  /** A short id, used in logs and errors (for example `github`). */
  readonly id: string;

  /** Whether this provider serves the repository URL. */
  supports(repoUrl: string): boolean;

  /**
   * Resolves a branch, tag or SHA to the commit SHA it points at now.
   * Throws {@link GitRevisionNotFoundError} when it does not exist.
   */
  resolveRevision(options: { repoUrl: string; ref: string }): Promise<string>;

  /** One commit's metadata. Throws {@link GitRevisionNotFoundError}. */
  getCommit(options: { repoUrl: string; sha: string }): Promise<GitCommit>;

  /**
   * Commits reachable from `ref` that touch `path`, newest first. With
   * `since`, stops before that commit (commits in `since..ref`); when `since`
   * is not an ancestor of `ref`, the list holds the commits `since` cannot
   * reach (`ref ^since`).
   *
   * With a path, history is simplified as `git log -- <path>/` and GitHub's
   * commit list do it: a merge commit whose result on the path equals one of
   * its parents is left out (the commits it brought in are listed instead).
   * Throws {@link GitRevisionNotFoundError} when `ref` or `since` does not
   * exist (a `since` that a force-push removed may be gone from a fresh clone).
   */
  listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList>;

  /** Whether `ancestor` is reachable from `descendant` (a SHA each). */
  isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }): Promise<boolean>;

  /** Drops cached state for a repository, e.g. after a push webhook. */
  refresh(repoUrl: string): Promise<void>;

  /** Set while answers for the repository come from the cache. */
  getStaleness(repoUrl: string): GitStaleness | undefined;

  /**
   * Optional: the commit's combined CI state (commit statuses and check
   * runs), for hosts that report one. Called by a bounded background poll
   * of the commits that views show, never per page view.
   */
  ciStatus?(options: { repoUrl: string; sha: string }): Promise<GitCiStatus>;

  /**
   * Optional, for the in-process commit index: the commits reachable from
   * `tip` and from none of `exclude`, each with its changed files, newest
   * first, at most `limit`. Called once per fetch or revalidation that moved
   * a branch, never per page view. Providers without it are read through
   * the methods above instead.
   */
  listCommitChanges?(options: {
    repoUrl: string;
    tip: string;
    exclude: string[];
    limit: number;
  }): Promise<GitCommitChange[]>;

  /**
   * Optional: what a repository-relative path is at a commit SHA (a file
   * with its text, a folder, or undefined when absent). A commit never
   * changes, so callers cache the answer by SHA.
   */
  readTreeEntry?(options: {
    repoUrl: string;
    sha: string;
    path: string;
  }): Promise<GitTreeEntry | undefined>;
}
