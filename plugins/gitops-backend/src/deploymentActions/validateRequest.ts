import {
  GITOPS_ACTION_TYPES,
  isGitActionType,
  type ActionCreateRequest,
  type GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import { badRequest } from './errors';

const MAX_REASON = 2000;
const MAX_FIELD = 200;

function optionalString(body: Record<string, unknown>, field: string) {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_FIELD) {
    throw badRequest(
      field,
      `${field} must be a string of at most ${MAX_FIELD} characters`,
    );
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A preview or create body, checked field by field (the OpenAPI router
 * checks the shape; this says which field is missing for which type).
 * `forCreate` also requires the reason of a Git action.
 */
export function parseActionRequest(
  raw: unknown,
  { forCreate }: { forCreate: boolean },
): ActionCreateRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw badRequest('type', 'The request body must be a JSON object');
  }
  const body = raw as Record<string, unknown>;
  const type = body.type as GitOpsActionType;
  if (!GITOPS_ACTION_TYPES.includes(type)) {
    throw badRequest(
      'type',
      `type must be one of ${GITOPS_ACTION_TYPES.join(', ')}`,
    );
  }
  const deploymentId = optionalString(body, 'deploymentId');
  if (!deploymentId) {
    throw badRequest(
      'deploymentId',
      'deploymentId is required: the id of a deployment in the entity’s deployments answer',
    );
  }
  const targetRevision = optionalString(body, 'targetRevision');
  const commit = optionalString(body, 'commit');
  const expectedHead = optionalString(body, 'expectedHead');
  if (type === 'rollback' && !targetRevision) {
    throw badRequest('targetRevision', 'A rollback needs a targetRevision');
  }
  if (type === 'revert-commit' && !commit) {
    throw badRequest('commit', 'A revert-commit needs the commit to revert');
  }
  let reason: string | undefined;
  if (body.reason !== undefined && body.reason !== null) {
    if (typeof body.reason !== 'string' || body.reason.length > MAX_REASON) {
      throw badRequest(
        'reason',
        `reason must be a string of at most ${MAX_REASON} characters`,
      );
    }
    reason = body.reason.trim() || undefined;
  }
  if (forCreate && isGitActionType(type) && !reason) {
    throw badRequest(
      'reason',
      `A ${type} needs a reason: it goes into the commit and the record`,
    );
  }
  return {
    type,
    deploymentId,
    ...(targetRevision !== undefined && { targetRevision }),
    ...(commit !== undefined && { commit }),
    ...(reason !== undefined && { reason }),
    ...(expectedHead !== undefined && { expectedHead }),
  };
}

/**
 * Whether an open record is the action asked for: same type, and the same
 * target or commit (a short SHA matches the full one the record keeps).
 */
export function isSameRequest(
  record: {
    type: GitOpsActionType;
    targetRevision: string | null;
    commitShaTarget: string | null;
  },
  request: Pick<ActionCreateRequest, 'type' | 'targetRevision' | 'commit'>,
): boolean {
  const same = (stored: string | null, asked: string | undefined) => {
    if (!stored || !asked) return !stored && !asked;
    if (stored === asked) return true;
    return (
      /^[0-9a-f]{4,40}$/i.test(asked) && stored.startsWith(asked.toLowerCase())
    );
  };
  return (
    record.type === request.type &&
    same(record.targetRevision, request.targetRevision) &&
    same(record.commitShaTarget, request.commit)
  );
}
