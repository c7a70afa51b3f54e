import { ResponseError } from '@backstage/errors';

/** A failed backend read, in words: a title and what the server said. */
export interface ErrorDescription {
  title: string;
  message: string;
  kind:
    | 'permission'
    | 'not-found'
    | 'annotation'
    | 'repository'
    | 'backend'
    | 'unreachable';
}

/**
 * Explains a failed backend read by its HTTP status, with the server's own
 * message (never a stack trace).
 */
export function describeError(error: Error): ErrorDescription {
  if (!ResponseError.is(error)) {
    return {
      kind: 'unreachable',
      title: 'Could not reach the GitOps backend',
      message: error.message || 'The request failed.',
    };
  }
  const message = error.cause?.message || error.statusText || error.message;
  switch (error.statusCode) {
    case 401:
    case 403:
      return {
        kind: 'permission',
        title: 'Permission denied',
        message: `You are not allowed to read this GitOps state: ${message}`,
      };
    case 404:
      return { kind: 'not-found', title: 'Not found', message };
    case 400:
      return {
        kind: 'annotation',
        title: 'A GitOps annotation is malformed',
        message: `${message}. Fix it in the entity's catalog-info.yaml.`,
      };
    case 422:
      return {
        kind: 'repository',
        title: 'Git repository not allowed',
        message: `${message}. An administrator can allow it in the gitops configuration.`,
      };
    default:
      return {
        kind: 'backend',
        title: `The GitOps backend failed (${error.statusCode})`,
        message,
      };
  }
}
