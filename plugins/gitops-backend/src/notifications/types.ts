/**
 * What the notifications need of Backstage's NotificationService
 * (`@backstage/plugin-notifications-node`): its `send`, as a structural
 * type so the plugin runs (and sends nothing) where notifications are not
 * installed.
 */
export interface NotificationSender {
  send(options: {
    recipients: { type: 'entity'; entityRef: string | string[] };
    payload: {
      title: string;
      description?: string;
      link?: string;
      severity?: 'critical' | 'high' | 'normal' | 'low';
      topic?: string;
      /** A repeat with the same scope updates the notification, not a new one. */
      scope?: string;
    };
  }): Promise<void>;
}
