import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  type DatabaseService,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  LedgerStore,
  type LedgerEventInput,
} from '@gitops-console/plugin-gitops-backend';

/*
 * The demo only: seeds the GitOps ledger with the 30 days the demo cluster
 * scripted (packages/demo-cluster/src/content/deliveryScript.ts), so a
 * fresh `npm start` has delivery metrics at once. The demo cluster writes
 * the file when it generates its repositories; see docs/demo-history.md.
 */

/** Where `npm start` has the demo cluster write it (the backend runs in packages/backend). */
const DEFAULT_FILE = '../../.demo-data/delivery-history.json';

type Initiator = { username?: string; automated?: boolean; actionId?: string };

interface HistoryFile {
  version: 1;
  events: Array<{
    environment: string;
    deployment: string;
    entityRef: string;
    transition: 'deployed' | 'drift';
    revisionBefore?: string;
    revisionAfter: string;
    driftBefore?: string;
    driftAfter: string;
    health: string;
    occurredAt: string;
    initiatedBy?: Initiator;
  }>;
  actions: Array<{
    id: string;
    environment: string;
    deployment: string;
    entityRef: string;
    type: string;
    commitShaTarget: string;
    resultCommitSha: string;
    reason: string;
    requestedBy: string;
    status: string;
    createdAt: string;
    updatedAt: string;
  }>;
}

/** The cluster name the backend's config gives each environment. */
export function clustersByEnvironment(config: Config): Map<string, string> {
  const byEnvironment = new Map<string, string>();
  for (const cluster of config.getOptionalConfigArray('gitops.clusters') ??
    []) {
    const environment = cluster.getOptionalString('environment');
    if (environment && !byEnvironment.has(environment)) {
      byEnvironment.set(environment, cluster.getString('name'));
    }
  }
  return byEnvironment;
}

/**
 * The file's events as ledger events of the configured clusters, marked
 * `seeded` (read, not observed live); the CD tool's time is the event's, so
 * their keys equal those the plugin derives from the same Argo CD history
 * entries and nothing is stored twice.
 */
export function demoLedgerEvents(
  file: HistoryFile,
  clusters: ReadonlyMap<string, string>,
  observedAt: string,
): LedgerEventInput[] {
  return file.events.flatMap(event => {
    const cluster = clusters.get(event.environment);
    if (!cluster) return [];
    return [
      {
        deploymentId: `${cluster}/${event.deployment}`,
        entityRefs: [event.entityRef],
        cluster,
        environment: event.environment,
        transition: event.transition,
        ...(event.revisionBefore && { revisionBefore: event.revisionBefore }),
        revisionAfter: event.revisionAfter,
        ...(event.driftBefore && {
          driftBefore: event.driftBefore as LedgerEventInput['driftBefore'],
        }),
        driftAfter: event.driftAfter as LedgerEventInput['driftAfter'],
        health: event.health as LedgerEventInput['health'],
        occurredAt: event.occurredAt,
        observedAt,
        cdTime: event.occurredAt,
        ...(event.initiatedBy && { initiatedBy: event.initiatedBy }),
        seeded: true,
      },
    ];
  });
}

/** Appends the file's events and action records; a repeat adds nothing. */
export async function seedDemoHistory(options: {
  file: string;
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  now?: () => Date;
}): Promise<{ events: number; actions: number } | undefined> {
  const { logger } = options;
  if (!fs.existsSync(options.file)) {
    logger.info(`No demo delivery history at ${options.file}; nothing seeded`);
    return undefined;
  }
  const file = JSON.parse(fs.readFileSync(options.file, 'utf8')) as HistoryFile;
  if (file.version !== 1) {
    throw new Error(
      `${options.file}: unknown demo delivery history version ${file.version}`,
    );
  }
  const clusters = clustersByEnvironment(options.config);
  const knex = await options.database.getClient();
  const observedAt = (options.now?.() ?? new Date()).toISOString();
  const events = await new LedgerStore(knex).append(
    demoLedgerEvents(file, clusters, observedAt),
  );
  let actions = 0;
  for (const action of file.actions) {
    const cluster = clusters.get(action.environment);
    if (!cluster) continue;
    const inserted = await knex('gitops_action_records')
      .insert({
        id: action.id,
        entity_ref: action.entityRef,
        deployment_id: `${cluster}/${action.deployment}`,
        type: action.type,
        target_revision: null,
        commit_sha_target: action.commitShaTarget,
        reason: action.reason,
        requested_by: action.requestedBy,
        status: action.status,
        pr_url: null,
        result_commit_sha: action.resultCommitSha,
        error: null,
        warnings: '[]',
        created_at: action.createdAt,
        updated_at: action.updatedAt,
        claimed_by: null,
        claimed_at: null,
        open_key: null,
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    actions += inserted.length;
  }
  logger.info(
    `Demo delivery history: ${events} new ledger event(s) of ${file.events.length}, ${actions} new action record(s)`,
  );
  return { events, actions };
}

/** A module of the gitops plugin, so it gets the plugin's database. */
export default createBackendModule({
  pluginId: 'gitops',
  moduleId: 'demo-delivery-history',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
      },
      async init({ config, database, lifecycle, logger }) {
        const file = path.resolve(
          process.env.DEMO_DELIVERY_HISTORY_FILE ?? DEFAULT_FILE,
        );
        // After every plugin's init: the plugin's migrations have run.
        lifecycle.addStartupHook(async () => {
          try {
            await seedDemoHistory({ file, config, database, logger });
          } catch (error) {
            logger.warn(
              `Demo delivery history not seeded: ${(error as Error).message}`,
            );
          }
        });
      },
    });
  },
});
