import {
  ActionRecord,
  ActionRecordWarning,
  ActionStatus,
  ActionType,
} from './types';

/** A row of gitops_action_records as stored. */
export interface ActionRecordRow {
  id: string;
  entity_ref: string;
  deployment_id: string;
  type: ActionType;
  target_revision: string | null;
  commit_sha_target: string | null;
  reason: string;
  requested_by: string;
  status: ActionStatus;
  pr_url: string | null;
  result_commit_sha: string | null;
  error: string | null;
  /** JSON array. */
  warnings: string;
  created_at: string;
  updated_at: string;
  claimed_by: string | null;
  claimed_at: string | null;
  open_key: string | null;
}

function parseWarnings(text: string): ActionRecordWarning[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    // A hand-edited row must not hide the record itself.
    return [];
  }
}

export function fromRow(row: ActionRecordRow): ActionRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    deploymentId: row.deployment_id,
    type: row.type,
    targetRevision: row.target_revision,
    commitShaTarget: row.commit_sha_target,
    reason: row.reason,
    requestedBy: row.requested_by,
    status: row.status,
    prUrl: row.pr_url,
    resultCommitSha: row.result_commit_sha,
    error: row.error,
    warnings: parseWarnings(row.warnings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
  };
}
