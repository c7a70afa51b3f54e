import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { migrateActionRecords } from '../actionRecords/migrateActionRecords';
import { rollbackRequestsOf } from '../actionRecords/rollbackRequests';
import type { DeploymentService } from '../deployments/DeploymentService';
import type { FleetService } from '../fleet/FleetService';
import type { GitService } from '../git';
import { DeploymentLedger } from './DeploymentLedger';
import {
  DEFAULT_LEDGER_RETENTION_DAYS,
  scheduleLedgerRetention,
} from './ledgerRetention';
import { LedgerService } from './LedgerService';
import { LedgerStore } from './LedgerStore';

/**
 * The ledger as the plugin runs it: the store on the plugin's database
 * (migrated), the writer following every view build, the daily retention
 * task, and the read service for the routes.
 */
export async function createLedger(options: {
  config: Config;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  deployments: DeploymentService;
  fleet: FleetService;
  git: GitService;
}): Promise<{ service: LedgerService; stop: () => Promise<void> }> {
  const { config, database, deployments, fleet } = options;
  const knex = await database.getClient();
  if (!database.migrations?.skip) await migrateActionRecords(knex);
  const store = new LedgerStore(knex);
  const writer = new DeploymentLedger({ store, logger: options.logger });
  const detach = deployments.views.onDeploymentBuilt(writer.onBuilt);
  await scheduleLedgerRetention({
    store,
    scheduler: options.scheduler,
    logger: options.logger,
    retentionDays:
      config.getOptionalNumber('gitops.ledger.retentionDays') ??
      DEFAULT_LEDGER_RETENTION_DAYS,
  });
  const service = new LedgerService({
    store,
    deploymentsOf: async entity =>
      (await deployments.forEntity(entity)).deployments,
    fleetRows: (q, credentials) => fleet.select(q, credentials),
    git: options.git,
    rollbacks: rollbackRequestsOf(knex),
  });
  return {
    service,
    stop: async () => {
      detach();
      await writer.flushed();
    },
  };
}
