/** Owner notifications (issue 14): lasting failures, recoveries, action ends. */
export {
  DEFAULT_ALERT_AFTER_MINUTES,
  DeploymentAlerts,
  entityLink,
} from './DeploymentAlerts';
export type { DeploymentAlertsOptions } from './DeploymentAlerts';
export { notifyActionEnds } from './actionNotifications';
export type { NotificationSender } from './types';
export { createNotifications } from './createNotifications';
export { readNotificationsConfig } from './readNotificationsConfig';
