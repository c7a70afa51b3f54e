import type {
  ActionRecordResponse,
  ActionWarning,
} from '@gitops-console/plugin-gitops-common';
import type { ActionRecord } from '../actionRecords';

/** A stored record as the API answers it (claims are internal). */
export function toRecordResponse(record: ActionRecord): ActionRecordResponse {
  return {
    id: record.id,
    entityRef: record.entityRef,
    deploymentId: record.deploymentId,
    type: record.type,
    targetRevision: record.targetRevision,
    commit: record.commitShaTarget,
    reason: record.reason,
    requestedBy: record.requestedBy,
    status: record.status,
    prUrl: record.prUrl,
    resultCommitSha: record.resultCommitSha,
    error: record.error,
    warnings: record.warnings as ActionWarning[],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
