/** An error answer in GitHub's shape ({ message, documentation_url, status }). */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GitHubError';
  }

  get body() {
    return {
      message: this.message,
      documentation_url: 'https://docs.github.com/rest',
      status: String(this.status),
      ...this.extra,
    };
  }
}

export const notFound = (what = 'Not Found') => new GitHubError(404, what);

/** 422 with GitHub's validation-error details. */
export const unprocessable = (message: string, errors?: unknown[]) =>
  new GitHubError(422, message, errors ? { errors } : {});
