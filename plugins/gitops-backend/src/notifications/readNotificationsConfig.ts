import { readDurationFromConfig, type Config } from '@backstage/config';
import { DEFAULT_ALERT_AFTER_MINUTES } from './DeploymentAlerts';

const MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/**
 * `gitops.notifications`: `enabled` (default true) and `after`, a Backstage
 * duration (`{ minutes: 10 }`, `PT10M`, `10m`; default 10 minutes).
 */
export function readNotificationsConfig(config: Config): {
  enabled: boolean;
  afterMs: number;
} {
  const enabled =
    config.getOptionalBoolean('gitops.notifications.enabled') ?? true;
  if (!config.has('gitops.notifications.after')) {
    return { enabled, afterMs: DEFAULT_ALERT_AFTER_MINUTES * 60_000 };
  }
  const duration = readDurationFromConfig(config, {
    key: 'gitops.notifications.after',
  }) as Record<string, number | undefined>;
  let afterMs = 0;
  for (const [unit, value] of Object.entries(duration)) {
    if (value === undefined) continue;
    if (!(unit in MS)) {
      throw new Error(
        `gitops.notifications.after: use days, hours, minutes or seconds, not ${unit}`,
      );
    }
    afterMs += value * MS[unit];
  }
  if (!(afterMs > 0)) {
    throw new Error('gitops.notifications.after must be longer than zero');
  }
  return { enabled, afterMs };
}
