/**
 * Typed refusals and conflicts of the Git writes. Each names the request
 * field it is about, so the API can answer a JSON error naming it
 * (422 for a refusal, 409 for a conflict) without parsing messages.
 */

/** A commit as a refusal or a conflict lists it. */
export interface ListedCommit {
  sha: string;
  subject: string;
}

/** Base of every refusal: the request cannot be done as asked (422). */
export class GitActionRefusedError extends Error {
  readonly name: string = 'GitActionRefusedError';
  constructor(
    /** The request field the refusal is about, e.g. `targetRevision`. */
    readonly field: string,
    /** Stable code, e.g. `target-not-in-history`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The target revision is not on the branch's first-parent line, or the path does not exist there. */
export class TargetNotInHistoryError extends GitActionRefusedError {
  readonly name = 'TargetNotInHistoryError';
  constructor(field: string, revision: string, reason: string) {
    super(
      field,
      'target-not-in-history',
      `${field} ${revision} is not in the path's history: ${reason}`,
    );
  }
}

/** Rolling back would change nothing: no commit touched the path since the target. */
export class NothingToUndoError extends GitActionRefusedError {
  readonly name = 'NothingToUndoError';
  constructor(field: string, revision: string) {
    super(
      field,
      'nothing-to-undo',
      `${field} ${revision} is the head of the path already: there is nothing to undo`,
    );
  }
}

/** The commit to revert does not change any file under the path. */
export class CommitNotOnPathError extends GitActionRefusedError {
  readonly name = 'CommitNotOnPathError';
  constructor(sha: string, paths: string[]) {
    super(
      'commit',
      'commit-not-on-path',
      `commit ${sha} does not touch ${paths
        .map(p => `'${p || '/'}'`)
        .join(', ')}`,
    );
  }
}

/** Base of the conflicts (409): the repository is not in the state the request assumed. */
export class GitActionConflictError extends Error {
  readonly name: string = 'GitActionConflictError';
  constructor(readonly field: string, readonly code: string, message: string) {
    super(message);
  }
}

/** The path has commits newer than `expectedHead`; nothing was written. */
export class StaleHeadError extends GitActionConflictError {
  readonly name = 'StaleHeadError';
  constructor(readonly expectedHead: string, readonly newer: ListedCommit[]) {
    super(
      'expectedHead',
      'stale-head',
      `the path has ${
        newer.length
      } commit(s) newer than expectedHead ${expectedHead}: ${newer
        .map(c => c.sha.slice(0, 12))
        .join(', ')}`,
    );
  }
}

/** `git revert` restricted to the path does not apply cleanly; nothing was written. */
export class RevertConflictError extends GitActionConflictError {
  readonly name = 'RevertConflictError';
  constructor(readonly sha: string, readonly files: string[]) {
    super(
      'commit',
      'revert-conflict',
      `reverting ${sha.slice(0, 12)} conflicts in: ${files.join(', ')}`,
    );
  }
}

/** The push was refused because the branch moved meanwhile (not a fast-forward). */
export class BranchMovedError extends GitActionConflictError {
  readonly name = 'BranchMovedError';
  constructor(readonly branch: string, detail: string) {
    super(
      'branch',
      'branch-moved',
      `branch ${branch} moved while the commit was made; nothing was pushed (${detail})`,
    );
  }
}

/** The action's branch exists already with a commit of another action. */
export class ActionBranchTakenError extends GitActionConflictError {
  readonly name = 'ActionBranchTakenError';
  constructor(readonly branch: string) {
    super(
      'actionId',
      'action-branch-taken',
      `branch ${branch} exists already and holds a commit of another action`,
    );
  }
}
