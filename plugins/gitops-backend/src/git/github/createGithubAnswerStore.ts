import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { migrateActionRecords } from '../../actionRecords/migrateActionRecords';
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
  const now = options.now ?? (() => new Date());
  await options.scheduler.scheduleTask({
    id: 'gitops-github-answers-retention',
    frequency: { hours: 24 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const before = new Date(now().getTime() - retentionDays * 86_400_000);
      const deleted = await store.prune(before);
      if (deleted > 0) {
        options.logger.info(
          `GitOps: deleted ${deleted} stored GitHub answer(s) older than ${retentionDays} days`,
        );
      }
    },
  });
  return store;
}
