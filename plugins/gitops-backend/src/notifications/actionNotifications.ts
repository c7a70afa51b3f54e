import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionRecord } from '../actionRecords';
import { entityLink } from './DeploymentAlerts';
import type { NotificationSender } from './types';

/**
 * Tells the requester of an action when it ends `deployed` or `failed`.
 * Called with each record change the process made (only the process whose
 * move won is told of it), so each end is notified once.
 */
export function notifyActionEnds(options: {
  notifications: NotificationSender;
  logger: LoggerService;
  appBaseUrl?: string;
}) {
  return async (record: ActionRecord) => {
    if (record.status !== 'deployed' && record.status !== 'failed') return;
    const what =
      record.type === 'rollback'
        ? `Rollback of ${record.deploymentId}`
        : `${record.type} of ${record.deploymentId}`;
    try {
      await options.notifications.send({
        recipients: { type: 'entity', entityRef: record.requestedBy },
        payload: {
          title:
            record.status === 'deployed'
              ? `${what} is deployed`
              : `${what} failed`,
          ...(record.error && { description: record.error }),
          severity: record.status === 'failed' ? 'high' : 'normal',
          topic: 'gitops',
          scope: `gitops:action:${record.id}`,
          ...(options.appBaseUrl && {
            link: entityLink(options.appBaseUrl, record.entityRef),
          }),
        },
      });
    } catch (error) {
      options.logger.warn(
        `GitOps: could not notify ${record.requestedBy} of action ${
          record.id
        }: ${(error as Error).message}`,
      );
    }
  };
}
