import type { ActionCommit } from '@gitops-console/plugin-gitops-common';

/** A commit as a refusal lists it; stale-head lists carry only sha and subject. */
export type ListedActionCommit = Pick<ActionCommit, 'sha' | 'subject'> &
  Partial<ActionCommit>;

/**
 * A refused or failed action request, with what the server's JSON error
 * named: the field it is about, the conflicting files of a revert, or the
 * commits that made `expectedHead` stale.
 *
 * @public
 */
export class ActionRequestError extends Error {
  readonly name = 'ActionRequestError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly details: {
      /** The server's error name, e.g. `StaleHeadError`. */
      errorName?: string;
      field?: string;
      files?: string[];
      commits?: ListedActionCommit[];
    } = {},
  ) {
    super(message);
  }

  static is(error: unknown): error is ActionRequestError {
    return (
      error instanceof Error &&
      error.name === 'ActionRequestError' &&
      typeof (error as ActionRequestError).statusCode === 'number'
    );
  }

  /**
   * Reads the JSON error of a failed answer. The body is
   * `{ error: { name, message }, field?, files?, commits? }` (or the lists
   * under `conflicts`); anything else keeps the status line as its message.
   */
  static async fromResponse(response: Response): Promise<ActionRequestError> {
    let body: any;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    const message =
      (typeof body?.error?.message === 'string' && body.error.message) ||
      `Request failed with status ${response.status}${
        response.statusText ? ` ${response.statusText}` : ''
      }`;
    const lists = body?.conflicts ?? body ?? {};
    return new ActionRequestError(message, response.status, {
      errorName:
        typeof body?.error?.name === 'string' ? body.error.name : undefined,
      field: typeof body?.field === 'string' ? body.field : undefined,
      files: stringList(lists.files ?? body?.files),
      commits: commitList(lists.commits ?? body?.commits),
    });
  }
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string');
}

function commitList(value: unknown): ListedActionCommit[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter(c => c && typeof c.sha === 'string')
    .map(c => ({
      ...c,
      subject: typeof c.subject === 'string' ? c.subject : '',
    }));
}
