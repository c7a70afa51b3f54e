import type { AuditorService } from '@backstage/backend-plugin-api';
import type { GitOpsActionType } from '@gitops-console/plugin-gitops-common';
import type { Request } from 'express';
import { redactError } from '../redaction';

const EVENT_IDS: Record<GitOpsActionType, string> = {
  rollback: 'gitops-rollback',
  'revert-commit': 'gitops-revert',
  sync: 'gitops-sync',
  refresh: 'gitops-refresh',
  reconcile: 'gitops-reconcile',
  suspend: 'gitops-suspend',
  resume: 'gitops-resume',
};

/** The event id of an action type; `gitops-action` for a request naming none. */
export const auditEventIdOf = (type: GitOpsActionType | undefined) =>
  (type && EVENT_IDS[type]) ?? 'gitops-action';

export interface AuditedAction {
  /** Undefined when the request named no valid type. */
  type: GitOpsActionType | undefined;
  entityRef: string;
  deploymentId: string;
  /** The rollback target or reverted commit, as asked. */
  target?: string;
  request?: Request<any, any, any, any, any>;
}

/**
 * Runs one action request inside an auditor event (severity `medium`),
 * finished exactly once: with success and the record's id and status, or
 * with the failure (a denial included). The error is rethrown unchanged.
 */
export async function audited<T extends { id?: string; status?: string }>(
  auditor: AuditorService,
  action: AuditedAction,
  work: () => Promise<T>,
): Promise<T> {
  const meta = {
    entityRef: action.entityRef,
    deploymentId: action.deploymentId,
    type: action.type ?? null,
    ...(action.target !== undefined && { target: action.target }),
  };
  const event = await auditor.createEvent({
    eventId: auditEventIdOf(action.type),
    severityLevel: 'medium',
    request: action.request,
    meta,
  });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await event.fail({ meta, error: redactError(error) });
    throw error;
  }
  await event.success({
    meta: {
      ...meta,
      ...(result.id !== undefined && { actionId: result.id }),
      ...(result.status !== undefined && { status: result.status }),
    },
  });
  return result;
}
