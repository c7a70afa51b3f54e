import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';

const DAY_MS = 86_400_000;

/**
 * Schedules a daily task that deletes what is older than `retentionDays`.
 * A scheduled task, not a timer: with replicas on PostgreSQL one of them
 * runs it at a time.
 */
export async function scheduleDailyRetention(options: {
  /** The task's id, unique in the plugin. */
  id: string;
  /** What is deleted, for the log line: "ledger event(s)". */
  what: string;
  /** The config key, for the error on a bad value. */
  configKey: string;
  retentionDays: number;
  deleteOlderThan(before: Date): Promise<number>;
  scheduler: SchedulerService;
  logger: LoggerService;
  now?: () => Date;
}): Promise<void> {
  const { retentionDays, logger } = options;
  if (!(retentionDays > 0)) {
    throw new Error(
      `${options.configKey} must be a positive number of days, got ${retentionDays}`,
    );
  }
  const now = options.now ?? (() => new Date());
  await options.scheduler.scheduleTask({
    id: options.id,
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const before = new Date(now().getTime() - retentionDays * DAY_MS);
      const deleted = await options.deleteOlderThan(before);
      if (deleted > 0) {
        logger.info(
          `GitOps: deleted ${deleted} ${options.what} older than ${retentionDays} days`,
        );
      }
    },
  });
}
