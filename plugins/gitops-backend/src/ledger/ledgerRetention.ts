import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { LedgerStore } from './LedgerStore';

export const DEFAULT_LEDGER_RETENTION_DAYS = 400;

/**
 * Deletes ledger events older than the retention, daily, as a scheduled
 * task: with replicas on PostgreSQL one of them runs it at a time.
 */
export async function scheduleLedgerRetention(options: {
  store: LedgerStore;
  scheduler: SchedulerService;
  logger: LoggerService;
  retentionDays: number;
  now?: () => Date;
}): Promise<void> {
  const { store, logger, retentionDays } = options;
  if (!(retentionDays > 0)) {
    throw new Error(
      `gitops.ledger.retentionDays must be a positive number of days, got ${retentionDays}`,
    );
  }
  const now = options.now ?? (() => new Date());
  await options.scheduler.scheduleTask({
    id: 'gitops-ledger-retention',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const before = new Date(now().getTime() - retentionDays * 86_400_000);
      const deleted = await store.deleteOlderThan(before);
      if (deleted > 0) {
        logger.info(
          `GitOps ledger: deleted ${deleted} event(s) older than ${retentionDays} days`,
        );
      }
    },
  });
}
