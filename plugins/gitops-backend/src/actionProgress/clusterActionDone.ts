import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { ActionRecord } from '../actionRecords';

/** Whole seconds: Argo CD and Flux write their times to the second. */
const secondOf = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

/**
 * Whether a cluster action that was applied (`committed`: the patch went
 * through) has taken effect, as the deployment's view shows it:
 *
 * - `suspend` / `resume`: the deployment is suspended / no longer suspended;
 * - `sync`: the last sync finished at or after the second it was requested
 *   (Argo CD's `operationState.finishedAt`, which moves on when the
 *   operation the patch set has run);
 * - `refresh` / `reconcile`: they ask the controller to look again and
 *   change nothing the view shows for certain, so they are done once the
 *   view has been rebuilt from a watch event at or after the patch (the
 *   deployment's `lastSeenAt`).
 *
 * Git actions are never decided here (see deploymentReached).
 */
export function clusterActionDone(
  record: Pick<ActionRecord, 'type' | 'createdAt' | 'updatedAt'>,
  deployment: Deployment,
): boolean {
  switch (record.type) {
    case 'suspend':
      return deployment.suspended;
    case 'resume':
      return !deployment.suspended;
    case 'sync':
      return (
        deployment.lastSyncedAt !== undefined &&
        secondOf(deployment.lastSyncedAt) >= secondOf(record.createdAt)
      );
    case 'refresh':
    case 'reconcile':
      return (
        deployment.lastSeenAt !== undefined &&
        Date.parse(deployment.lastSeenAt) >= Date.parse(record.updatedAt)
      );
    default:
      return false;
  }
}
