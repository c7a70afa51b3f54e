import type {
  ActionPreviewResponse,
  ActionRecordResponse,
  GitOpsActionStatus,
} from '@gitops-console/plugin-gitops-common';
import { isGitActionType } from '@gitops-console/plugin-gitops-common';

type Delivery = ActionPreviewResponse['delivery'];

/** The statuses a record passes through, by how the change is delivered. */
export function actionSteps(
  record: Pick<ActionRecordResponse, 'type' | 'prUrl' | 'status'>,
  delivery: Delivery,
): GitOpsActionStatus[] {
  if (!isGitActionType(record.type)) return ['requested', 'deployed'];
  if (
    delivery === 'pull-request' ||
    record.prUrl ||
    record.status === 'pr-open'
  ) {
    return ['requested', 'pr-open', 'merged', 'deployed'];
  }
  if (delivery === 'branch') {
    return ['requested', 'committed', 'merged', 'deployed'];
  }
  return ['requested', 'committed', 'deployed'];
}

/** Where a record stands, in one sentence. */
export function statusSentence(
  record: Pick<ActionRecordResponse, 'type' | 'status' | 'error'>,
  delivery: Delivery,
): string {
  const git = isGitActionType(record.type);
  switch (record.status) {
    case 'requested':
      return git
        ? 'Requested: writing the change to Git…'
        : 'Requested: asking the cluster…';
    case 'pr-open':
      return 'Pull request open: it deploys once merged.';
    case 'committed':
      return delivery === 'branch'
        ? 'Committed on a branch: it deploys once merged.'
        : 'Committed: waiting for the cluster to deploy it.';
    case 'merged':
      return 'Merged: waiting for the cluster to deploy it.';
    case 'deployed':
      return git ? 'Deployed: the cluster runs the change now.' : 'Done.';
    case 'failed':
      return `Failed: ${record.error || 'the backend gave no reason'}.`;
    case 'superseded':
      return 'Superseded by a newer action.';
    default:
      return record.status;
  }
}
