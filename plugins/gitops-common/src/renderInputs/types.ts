/**
 * Reads one revision of a repository. The resolver only reads through this,
 * so it stays pure and the Git providers decide how files are fetched.
 *
 * Errors thrown by the reader are not caught: a resolver answer is cached
 * by commit, so a failed read must not become a silently smaller answer.
 *
 * @public
 */
export interface RepoTreeReader {
  /** The file's text at the revision, or undefined when there is no such file. */
  readFile(path: string): Promise<string | undefined>;
  /** Whether a repository-relative path is a file, a folder, or absent. */
  stat(path: string): Promise<'file' | 'dir' | undefined>;
}

/**
 * The fields of an Argo CD application source that decide its Helm value
 * files.
 *
 * @public
 */
export interface ArgoSourceLike {
  repoURL: string;
  path?: string;
  chart?: string;
  ref?: string;
  targetRevision?: string;
  helm?: { valueFiles?: string[] };
}
