import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { scheduleDailyRetention } from '../retention/scheduleDailyRetention';
import type { LedgerStore } from './LedgerStore';

export const DEFAULT_LEDGER_RETENTION_DAYS = 400;

/** Deletes ledger events older than `gitops.ledger.retentionDays`, daily. */
export async function scheduleLedgerRetention(options: {
  store: LedgerStore;
  scheduler: SchedulerService;
  logger: LoggerService;
  retentionDays: number;
  now?: () => Date;
}): Promise<void> {
  await scheduleDailyRetention({
    id: 'gitops-ledger-retention',
    what: 'ledger event(s)',
    configKey: 'gitops.ledger.retentionDays',
    retentionDays: options.retentionDays,
    deleteOlderThan: before => options.store.deleteOlderThan(before),
    scheduler: options.scheduler,
    logger: options.logger,
    now: options.now,
  });
}
