import {
  GITOPS_ACTION_STATUSES,
  GITOPS_ACTION_TYPES,
  type GitOpsActionStatus,
  type GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';

/** The kinds of action a record can hold: the API's (issue 12). */
export const ACTION_TYPES = GITOPS_ACTION_TYPES;
export type ActionType = GitOpsActionType;

/** Every status a record can have: the API's. */
export const ACTION_STATUSES = GITOPS_ACTION_STATUSES;
export type ActionStatus = GitOpsActionStatus;

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
