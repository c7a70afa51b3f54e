import type {
  ActionPermissionsResponse,
  ActionRecordResponse,
  Deployment,
  GitOpsActionStatus,
  GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import {
  GITOPS_ACTIONS_BY_TOOL,
  isGitActionType,
} from '@gitops-console/plugin-gitops-common';
import { shortRevision, toolOf } from '../common';

/** The button label of each action type (the e2e test finds buttons by it). */
export const ACTION_BUTTON_LABELS: Record<GitOpsActionType, string> = {
  rollback: 'Roll back to this',
  'revert-commit': 'Revert this commit',
  sync: 'Sync',
  refresh: 'Refresh',
  reconcile: 'Reconcile',
  suspend: 'Suspend',
  resume: 'Resume',
};

/** The cluster actions, in the order their buttons show. */
export const CLUSTER_ACTION_TYPES: readonly GitOpsActionType[] = [
  'sync',
  'refresh',
  'reconcile',
  'suspend',
  'resume',
];

/** Which permission decides an action type. */
export function permissionOf(
  type: GitOpsActionType,
): keyof ActionPermissionsResponse {
  return isGitActionType(type) ? 'rollback' : 'sync';
}

/** Whether the deployment's CD tool takes this action type. */
export function fitsTool(type: GitOpsActionType, d: Deployment): boolean {
  return GITOPS_ACTIONS_BY_TOOL[toolOf(d.kind)].includes(type);
}

/** The cluster actions a deployment offers now (Suspend or Resume, not both). */
export function clusterActionsFor(d: Deployment): GitOpsActionType[] {
  return CLUSTER_ACTION_TYPES.filter(t => {
    if (!fitsTool(t, d)) return false;
    if (t === 'suspend') return !d.suspended;
    if (t === 'resume') return d.suspended;
    return true;
  });
}

/** Rollback and revert need a Git source: OCI and Helm repositories have no path to restore. */
export function hasGitSource(d: Deployment): boolean {
  return d.sources.some(s => s.type === 'git');
}

/** What an action did, in a few words: "Roll back to abc1234". */
export function describeAction(
  record: Pick<ActionRecordResponse, 'type' | 'targetRevision' | 'commit'>,
): string {
  switch (record.type) {
    case 'rollback':
      return `Roll back to ${
        shortRevision(record.targetRevision ?? '') || '?'
      }`;
    case 'revert-commit':
      return `Revert ${shortRevision(record.commit ?? '') || '?'}`;
    default:
      return ACTION_BUTTON_LABELS[record.type];
  }
}

export const ACTION_STATUS_LABELS: Record<GitOpsActionStatus, string> = {
  requested: 'Requested',
  'pr-open': 'Pull request open',
  committed: 'Committed',
  merged: 'Merged',
  deployed: 'Deployed',
  failed: 'Failed',
  superseded: 'Superseded',
};

/** Who asked, as people read it: the name of a `user:default/alice` ref. */
export function requesterName(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  return name.includes(':') ? name.split(':').pop()! : name;
}
