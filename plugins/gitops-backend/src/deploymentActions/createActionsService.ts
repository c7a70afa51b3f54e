import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import { ActionRecordStore } from '../actionRecords';
import { ClusterActionWriter } from '../clusterWrites';
import type { GitOpsClusterConfig } from '../config/readClusters';
import type { DeploymentService } from '../deployments/DeploymentService';
import { ActionSignals } from './actionSignals';
import { ActionsService } from './ActionsService';
import { ActionAuthorizer } from './authorizeAction';
import type { ClusterActionWriterLike } from './clusterWriter';
import type { GitWriters } from './gitWriters';

/** A name for this process in record claims: host, pid and a random part. */
export function processIdentity(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The actions service as the plugin wires it: records in the plugin's
 * database (migrated here), signals on the entities' channels, the Git
 * writers given, the cluster writer over the configured clusters.
 */
export async function createActionsService(options: {
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  auditor: AuditorService;
  permissions: PermissionsService;
  signals?: SignalsService;
  signalChannel: (entityRef: string) => string;
  deployments: DeploymentService;
  catalog: CatalogService;
  auth: AuthService;
  gitWriters: GitWriters;
  clusters: GitOpsClusterConfig[];
  cluster?: ClusterActionWriterLike;
  processId?: string;
  /** The read path's Git, refreshed after each write. */
  git?: { refresh(repoUrl: string): Promise<void> };
}): Promise<ActionsService> {
  const { config, logger, deployments, catalog, auth } = options;
  const store = await ActionRecordStore.create({ database: options.database });
  const baseUrl = config.getOptionalString('app.baseUrl')?.replace(/\/+$/, '');
  const waitSeconds = config.getOptionalNumber(
    'gitops.actions.createWaitSeconds',
  );
  return new ActionsService({
    deployments,
    store,
    authorizer: new ActionAuthorizer(options.permissions),
    auditor: options.auditor,
    signals: new ActionSignals({
      signals: options.signals,
      channelFor: options.signalChannel,
      logger,
    }),
    git: options.gitWriters,
    cluster:
      options.cluster ??
      new ClusterActionWriter({ clusters: options.clusters, logger }),
    logger,
    processId: options.processId ?? processIdentity(),
    lookupEntity: async ref =>
      deployments.mirror.lookup(ref) ??
      (await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      })),
    entityUrl: entity =>
      baseUrl
        ? `${baseUrl}/catalog/${encodeURIComponent(
            entity.metadata.namespace ?? 'default',
          )}/${encodeURIComponent(
            entity.kind.toLocaleLowerCase('en-US'),
          )}/${encodeURIComponent(entity.metadata.name)}/gitops`
        : undefined,
    ...(waitSeconds !== undefined && { createWaitMs: waitSeconds * 1000 }),
    afterGitWrite: repoUrl => {
      options.git
        ?.refresh(repoUrl)
        .catch(error =>
          logger.debug(`GitOps: no refresh after an action's write: ${error}`),
        );
    },
  });
}
