/**
 * A commit as GitOps Console shows it.
 *
 * @public
 */
export interface GitCommit {
  sha: string;
  message: string;
  author: { name: string; email?: string };
  /** ISO 8601 commit time. */
  committedAt: string;
  /** Pull request number, when the message or the hosting API gives one. */
  pullRequest?: number;
}

/**
 * Reads the history of a Git repository for the deployments that track it.
 * The backend ships providers for GitHub and plain Git; modules add more
 * through {@link gitopsGitProvidersExtensionPoint}.
 *
 * @public
 */
export interface GitProvider {
  /** A short id, used in logs and errors (for example `github`). */
  readonly id: string;
  /** Whether this provider serves the repository URL. */
  supports(repoUrl: string): boolean;
  /** Resolves a branch, tag or SHA to the commit it points at now. */
  resolveRevision(options: { repoUrl: string; ref: string }): Promise<string>;
  /** Commits reachable from `ref` that touch `path`, newest first. */
  listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    limit?: number;
  }): Promise<GitCommit[]>;
}
