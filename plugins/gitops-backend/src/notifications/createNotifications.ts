import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { DeploymentService } from '../deployments/DeploymentService';
import type { ActionRecord } from '../actionRecords';
import { DeploymentAlerts } from './DeploymentAlerts';
import { notifyActionEnds } from './actionNotifications';
import { readNotificationsConfig } from './readNotificationsConfig';
import type { NotificationSender } from './types';

/**
 * Owner notifications as the plugin runs them: lasting failures and
 * recoveries from the view builds, and action ends from the record
 * changes this process made.
 */
export function createNotifications(options: {
  config: Config;
  notifications: NotificationSender;
  deployments: DeploymentService;
  onRecordChanged: (listener: (record: ActionRecord) => void) => () => void;
  logger: LoggerService;
}): { stop: () => void } {
  const { enabled, afterMs } = readNotificationsConfig(options.config);
  if (!enabled) return { stop: () => {} };
  const appBaseUrl = options.config.getOptionalString('app.baseUrl');
  const { views } = options.deployments;
  const alerts = new DeploymentAlerts({
    notifications: options.notifications,
    entityOf: ref => views.entity(ref),
    afterMs,
    logger: options.logger,
    appBaseUrl,
  });
  const offBuilt = views.onDeploymentBuilt(alerts.onBuilt);
  const notify = notifyActionEnds({
    notifications: options.notifications,
    logger: options.logger,
    appBaseUrl,
  });
  const offRecords = options.onRecordChanged(record => void notify(record));
  return {
    stop: () => {
      offBuilt();
      offRecords();
      alerts.stop();
    },
  };
}
