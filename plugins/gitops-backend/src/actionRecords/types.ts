/** The kinds of action a record can hold (issue 12). */
export const ACTION_TYPES = [
  'rollback',
  'revert-commit',
  'sync',
  'refresh',
  'reconcile',
  'suspend',
  'resume',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Every status a record can have. */
export const ACTION_STATUSES = [
  'requested',
  'pr-open',
  'committed',
  'merged',
  'deployed',
  'failed',
  'superseded',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * A warning kept with the record. The Git planners' ActionWarning fits, and
 * so do the API's own (auto-sync off, another open action); extra fields are
 * stored as given.
 */
export interface ActionRecordWarning {
  code: string;
  message: string;
}

/** One action as stored; timestamps are ISO 8601 strings. */
export interface ActionRecord {
  id: string;
  entityRef: string;
  deploymentId: string;
  type: ActionType;
  targetRevision: string | null;
  /** The commit a revert-commit undoes. */
  commitShaTarget: string | null;
  reason: string;
  requestedBy: string;
  status: ActionStatus;
  prUrl: string | null;
  resultCommitSha: string | null;
  error: string | null;
  warnings: ActionRecordWarning[];
  createdAt: string;
  updatedAt: string;
  /** The process working on the record while it is `requested`. */
  claimedBy: string | null;
  claimedAt: string | null;
}

export interface CreateActionRecordInput {
  entityRef: string;
  deploymentId: string;
  type: ActionType;
  targetRevision?: string | null;
  commitShaTarget?: string | null;
  reason: string;
  requestedBy: string;
  warnings?: ActionRecordWarning[];
  /** The process that will carry the action out; it holds the claim. */
  claimedBy: string;
}

/** Fields a transition may set alongside the new status. */
export interface ActionRecordTransitionFields {
  prUrl?: string | null;
  resultCommitSha?: string | null;
  error?: string | null;
  warnings?: ActionRecordWarning[];
}

export interface ListActionRecordsOptions {
  deploymentId?: string;
  /** 1 to 100; default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface ActionRecordPage {
  items: ActionRecord[];
  /** Present when more records follow. */
  nextCursor?: string;
}
