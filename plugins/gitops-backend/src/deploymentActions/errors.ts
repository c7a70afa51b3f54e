import { redactText } from '@gitops-console/plugin-gitops-common';
import type {
  ActionCommit,
  ActionErrorDetails,
} from '@gitops-console/plugin-gitops-common';
import {
  GitActionConflictError,
  GitActionRefusedError,
  RevertConflictError,
  StaleHeadError,
} from '../gitWrites/errors';

/**
 * A refusal of an action request that names the request field it is about.
 * The router answers it with `status` and a body carrying `field` (and the
 * conflicting files or commits), so a client can point at what to change.
 */
export class ActionRequestError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422 | 502 | 503,
    readonly name: string,
    message: string,
    readonly details: ActionErrorDetails & { code?: string } = {},
  ) {
    super(message);
  }
}

/** 422: the request cannot be carried out as asked. */
export const unprocessable = (field: string, code: string, message: string) =>
  new ActionRequestError(422, 'UnprocessableActionError', message, {
    field,
    code,
  });

/** 400: a field is missing or malformed. */
export const badRequest = (field: string, message: string) =>
  new ActionRequestError(400, 'InputError', message, { field });

/** 404: nothing the caller may see by that name. */
export const notFound = (field: string, message: string) =>
  new ActionRequestError(404, 'NotFoundError', message, { field });

/** 403: the permission policy (or the cluster's RBAC) refused. */
export const notAllowed = (message: string) =>
  new ActionRequestError(403, 'NotAllowedError', message);

const CLUSTER_STATUSES = [403, 404, 409, 422, 502, 503] as const;

/** The HTTP status a typed error of the cluster writes carries, if any. */
function clusterStatus(
  error: Error,
): (typeof CLUSTER_STATUSES)[number] | undefined {
  const value =
    (error as { statusCode?: unknown }).statusCode ??
    (error as { status?: unknown }).status;
  return CLUSTER_STATUSES.find(s => s === value);
}

function listed(commits: { sha: string; subject: string }[]): ActionCommit[] {
  return commits.map(c => ({
    sha: c.sha,
    subject: c.subject,
    authorName: (c as { authorName?: string }).authorName ?? '',
    authorDate: (c as { authorDate?: string }).authorDate ?? '',
  }));
}

/**
 * The API's answer to an error of an action: the Git refusals (422) and
 * conflicts (409) with their field and files or commits, the cluster
 * writer's typed errors with their status, Backstage's errors as they are.
 * Anything else is not an answer we know; it is left to the error handler.
 * Messages are redacted here, once, for every path.
 */
export function toActionRequestError(
  error: unknown,
): ActionRequestError | undefined {
  if (error instanceof ActionRequestError) return redacted(error);
  if (error instanceof StaleHeadError) {
    return redacted(
      new ActionRequestError(409, error.name, error.message, {
        field: error.field,
        code: error.code,
        commits: listed(error.newer),
      }),
    );
  }
  if (error instanceof RevertConflictError) {
    return redacted(
      new ActionRequestError(409, error.name, error.message, {
        field: error.field,
        code: error.code,
        files: error.files,
      }),
    );
  }
  if (error instanceof GitActionConflictError) {
    return redacted(
      new ActionRequestError(409, error.name, error.message, {
        field: error.field,
        code: error.code,
      }),
    );
  }
  if (error instanceof GitActionRefusedError) {
    return redacted(
      new ActionRequestError(422, error.name, error.message, {
        field: error.field,
        code: error.code,
      }),
    );
  }
  if (error instanceof Error) {
    const status = clusterStatus(error);
    if (status && error.name !== 'Error') {
      return redacted(
        new ActionRequestError(status, error.name, error.message, {
          field: (error as { field?: string }).field,
        }),
      );
    }
  }
  return undefined;
}

function redacted(error: ActionRequestError): ActionRequestError {
  return new ActionRequestError(
    error.status,
    error.name,
    redactText(error.message),
    error.details,
  );
}

/** The JSON body of a refusal: Backstage's error shape plus the details. */
export function actionErrorBody(error: ActionRequestError) {
  const { field, files, commits, code } = error.details;
  return {
    error: { name: error.name, message: error.message },
    response: { statusCode: error.status },
    ...(field !== undefined && { field }),
    ...(code !== undefined && { code }),
    ...((files || commits) && {
      conflicts: {
        ...(files && { files }),
        ...(commits && { commits }),
      },
    }),
  };
}
