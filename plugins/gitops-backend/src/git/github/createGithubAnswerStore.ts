import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { migrateActionRecords } from '../../actionRecords/migrateActionRecords';
import { scheduleDailyRetention } from '../../retention/scheduleDailyRetention';
import { ImmutableAnswerStore } from './ImmutableAnswerStore';
import { readGithubConfig } from './readGithubConfig';

/**
 * The store of GitHub's immutable answers on the plugin's database
 * (migrated), with a daily task deleting those older than the retention;
 * undefined when `gitops.github.answerStore.enabled` is false.
 */
export async function createGithubAnswerStore(options: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  now?: () => Date;
}): Promise<ImmutableAnswerStore | undefined> {
  const { enabled, retentionDays } = readGithubConfig(
    options.config,
  ).answerStore;
  if (!enabled) return undefined;
  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip) await migrateActionRecords(knex);
  const store = new ImmutableAnswerStore({ knex, logger: options.logger });
  await scheduleDailyRetention({
    id: 'gitops-github-answers-retention',
    what: 'stored GitHub answer(s)',
    configKey: 'gitops.github.answerStore.retentionDays',
    retentionDays,
    deleteOlderThan: before => store.prune(before),
    scheduler: options.scheduler,
    logger: options.logger,
    now: options.now,
  });
  return store;
}
