import { redactUrl } from './repoUrl';

/**
 * Raised when a repository URL matches no configured integration and no
 * entry of `gitops.git.allowedHosts`, so that an annotation or a custom
 * resource cannot make the backend fetch arbitrary URLs. The API answers 422.
 */
export class GitRepositoryNotAllowedError extends Error {
  readonly name = 'GitRepositoryNotAllowedError';
  /** The config key that would allow the repository. */
  readonly configKey = 'gitops.git.allowedHosts';
  readonly repoUrl: string;

  constructor(repoUrl: string, host: string) {
    const safeUrl = redactUrl(repoUrl);
    const entry = host ? `'${host}'` : 'a URL prefix of it';
    super(
      `Git repository ${safeUrl} is not allowed: it matches no configured ` +
        `integration (integrations.*) and no entry of gitops.git.allowedHosts. ` +
        `Add ${entry} to gitops.git.allowedHosts, or configure an integration ` +
        `for its host, to allow it.`,
    );
    this.repoUrl = safeUrl;
  }
}

/** Raised when an allowed repository has no provider that serves it. */
export class GitProviderNotFoundError extends Error {
  readonly name = 'GitProviderNotFoundError';
  constructor(readonly repoUrl: string) {
    super(`No Git provider serves ${redactUrl(repoUrl)}`);
  }
}

/**
 * A git command failed. The message names the repository (without
 * credentials) and the tail of git's stderr, with known secrets removed.
 */
export class GitCommandError extends Error {
  readonly name = 'GitCommandError';
  constructor(
    readonly operation: string,
    readonly repoUrl: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    const how =
      exitCode === null ? ' (timed out or killed)' : ` (exit ${exitCode})`;
    super(
      `git ${operation} failed for ${redactUrl(repoUrl)}${how}${
        stderrTail ? `: ${stderrTail}` : ''
      }`,
    );
  }
}

/** GitHub refused a request because the rate limit is used up. */
export class GithubRateLimitError extends Error {
  readonly name = 'GithubRateLimitError';
  constructor(readonly repoUrl: string, readonly resetsAt: Date) {
    super(
      `GitHub rate limit exceeded for ${redactUrl(repoUrl)}; resets at ` +
        `${resetsAt.toISOString()}, and nothing is cached for this request yet`,
    );
  }
}

/** GitHub answered an error (5xx, network) and nothing was cached. */
export class GithubRequestError extends Error {
  readonly name = 'GithubRequestError';
  constructor(
    readonly repoUrl: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(
      `GitHub request for ${redactUrl(repoUrl)} failed${
        status ? ` with ${status}` : ''
      }: ${detail}`,
    );
  }
}
