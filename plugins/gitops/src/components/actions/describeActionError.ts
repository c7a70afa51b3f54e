import {
  ActionRequestError,
  type ListedActionCommit,
} from '../../api/ActionRequestError';

/** A refused or failed action request, in plain words. */
export interface ActionErrorDescription {
  kind:
    | 'stale-head'
    | 'conflict'
    | 'refused'
    | 'permission'
    | 'not-found'
    | 'invalid'
    | 'backend'
    | 'unreachable';
  title: string;
  message: string;
  /** The conflicting files of a revert. */
  files?: string[];
  /** The commits newer than the preview's head. */
  commits?: ListedActionCommit[];
}

function isStaleHead(error: ActionRequestError): boolean {
  const { field, errorName, commits } = error.details;
  return (
    field === 'expectedHead' ||
    errorName === 'StaleHeadError' ||
    (!!commits?.length && !error.details.files?.length)
  );
}

/** Explains an action error by its status and what the server named. */
export function describeActionError(error: Error): ActionErrorDescription {
  if (!ActionRequestError.is(error)) {
    return {
      kind: 'unreachable',
      title: 'Could not reach the GitOps backend',
      message: error.message || 'The request failed.',
    };
  }
  const { message, details } = error;
  switch (error.statusCode) {
    case 401:
    case 403:
      return {
        kind: 'permission',
        title: 'Not permitted',
        message: `You may not do this: ${message}`,
      };
    case 404:
      return { kind: 'not-found', title: 'Not found', message };
    case 409:
      if (isStaleHead(error)) {
        const n = details.commits?.length ?? 0;
        return {
          kind: 'stale-head',
          title: 'Git has moved on since the preview',
          message: `${
            n === 1 ? 'A newer commit' : `${n || 'Newer'} commits`
          } touched this path since the preview, so nothing was written. Preview again to see what the action does now.`,
          commits: details.commits,
        };
      }
      if (details.files?.length) {
        return {
          kind: 'conflict',
          title: 'The change does not apply cleanly',
          message: `Later commits changed the same lines, so nothing was written. Resolve it in Git, or roll back instead. (${message})`,
          files: details.files,
        };
      }
      return { kind: 'conflict', title: 'Conflict', message };
    case 422:
      return {
        kind: 'refused',
        title: 'This action cannot be done',
        message: details.field
          ? `${message} (field ${details.field})`
          : message,
      };
    case 400:
      return { kind: 'invalid', title: 'The request is not valid', message };
    default:
      return {
        kind: 'backend',
        title: `The GitOps backend failed (${error.statusCode})`,
        message,
      };
  }
}
