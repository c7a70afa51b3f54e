import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  gitopsGitProvidersExtensionPoint,
  type GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { registerReadActions } from './actions/registerReadActions';
import { gitopsPermissions } from '@gitops-console/plugin-gitops-common';
import {
  gitopsGitWritersServiceRef,
  registerDeploymentActions,
} from './deploymentActions';
import { createActionsService } from './deploymentActions/createActionsService';
import {
  ActionProgressTracker,
  createStaleActionFinisher,
  githubPullRequestReader,
  readProgressConfig,
} from './actionProgress';
import { GithubActionWriter } from './gitWrites';
import { ClusterIndex } from './cluster/ClusterIndex';
import { readClusters } from './config/readClusters';
import { ScmIntegrations } from '@backstage/integration';
import { commitUrlResolver } from './deployments/commitLinks';
import { DeploymentService } from './deployments/DeploymentService';
import { EntityReadAccess } from './access/EntityReadAccess';
import { FleetService } from './fleet/FleetService';
import { GitService } from './git';
import { redactDeployment, redactingLogger } from './redaction';
import { publishViewSignals } from './views/publishViewSignals';
import { signalChannelNamer } from './views/signalChannels';
import { createRouter, NO_CLUSTERS_MESSAGE } from './service/router';
import { createLedger } from './ledger/createLedger';
import { createGithubAnswerStore } from './git/github/createGithubAnswerStore';
import { createNotifications } from './notifications';
import { notificationService } from '@backstage/plugin-notifications-node';
import { PLUGIN_VERSION } from './version';

/**
 * The GitOps Console backend plugin.
 *
 * @public
 */
export const gitopsPlugin = createBackendPlugin({
  pluginId: 'gitops',
  register(env) {
    const extraProviders: GitProvider[] = [];
    env.registerExtensionPoint(gitopsGitProvidersExtensionPoint, {
      addGitProvider: (...providers) => extraProviders.push(...providers),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        database: coreServices.database,
        cache: coreServices.cache,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        permissionsRegistry: coreServices.permissionsRegistry,
        gitWriters: gitopsGitWritersServiceRef,
      },
      async init({
        config,
        logger: pluginLogger,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        lifecycle,
        catalog,
        signals,
        actionsRegistry,
        database,
        cache,
        auditor,
        permissionsRegistry,
        gitWriters,
        scheduler,
        notifications,
      }) {
        // Git and Kubernetes errors quote URLs: every line the plugin logs
        // has its credentials removed first.
        const logger = redactingLogger(pluginLogger);
        // Throws with the offending key for malformed entries: a broken
        // cluster list must stop start-up rather than hide clusters.
        const clusters = readClusters(config);
        if (clusters.source === 'none') {
          logger.warn(NO_CLUSTERS_MESSAGE);
        } else {
          logger.info(
            `Watching ${clusters.clusters.length} cluster(s) from ${
              clusters.source
            } config: ${clusters.clusters.map(c => c.name).join(', ')}`,
          );
        }

        // Read before the first GitHub request: a restart takes the
        // history it read before from the database.
        const githubAnswers = await createGithubAnswerStore({
          config,
          database,
          scheduler,
          logger,
        });
        const git = GitService.fromConfig(config, {
          logger,
          extraProviders,
          cache,
          githubAnswers,
        });
        const index = new ClusterIndex({ clusters: clusters.clusters, logger });
        const signalChannel = signalChannelNamer(
          config.getOptionalString('gitops.signals.channelSecret'),
        );
        const firstAnswerWaitMs =
          (config.getOptionalNumber('gitops.views.firstAnswerWaitSeconds') ??
            5) * 1000;
        const deployments = new DeploymentService({
          index,
          git,
          clusters: clusters.clusters,
          logger,
          catalog,
          auth,
          signalChannel,
          redact: redactDeployment,
          commitUrl: commitUrlResolver(ScmIntegrations.fromConfig(config)),
          catalogRefreshSeconds: config.getOptionalNumber(
            'gitops.views.catalogRefreshSeconds',
          ),
          firstAnswerWaitMs,
        });
        const access = new EntityReadAccess({ permissions, catalog });
        const fleet = new FleetService(deployments, access, {
          firstAnswerWaitMs,
        });

        registerReadActions({ actionsRegistry, catalog, deployments, fleet });

        // Actions (issue 12): the permissions are listed for policy tools;
        // their catalog-entity conditions are resolved by the catalog.
        permissionsRegistry.addPermissions(gitopsPermissions);
        const actions = await createActionsService({
          config,
          logger,
          database,
          auditor,
          permissions,
          signals,
          signalChannel,
          deployments,
          catalog,
          auth,
          gitWriters,
          clusters: clusters.clusters,
          git,
        });
        registerDeploymentActions({ actionsRegistry, catalog, actions });
        // After the request: records move to merged and deployed as the
        // views and GitHub show it, and a record a dead process left
        // `requested` is finished or failed by the scheduled finisher.
        const progress = readProgressConfig(config);
        const tracker = new ActionProgressTracker({
          store: actions.store,
          views: deployments.views,
          git,
          github: githubPullRequestReader(
            GithubActionWriter.fromConfig(config),
          ),
          logger,
          onRecordChanged: record => actions.recordChanged(record),
          prPollSeconds: progress.prPollSeconds,
        });
        // A record just committed may be deployed already: look at once.
        actions.onRecordChanged(record =>
          tracker.recheckEntity(record.entityRef),
        );
        await createStaleActionFinisher({
          store: actions.store,
          scheduler,
          logger,
          staleAfterSeconds: progress.staleAfterSeconds,
          execute: async record => {
            await actions.execute(record);
          },
          onRecordChanged: record => actions.recordChanged(record),
        });
        // Attached before the views start, so their first builds seed it.
        const ledger = await createLedger({
          config,
          database,
          scheduler,
          logger,
          deployments,
          fleet,
          git,
        });
        // Owner notifications (issue 14); without the notifications backend
        // installed, each send fails and is logged.
        const alerts = createNotifications({
          config,
          notifications,
          deployments,
          onRecordChanged: listener => actions.onRecordChanged(listener),
          logger,
        });
        const stopPublishing = publishViewSignals({
          signals,
          logger,
          channelFor: signalChannel,
          subscribe: listener => {
            const offAnswers = deployments.views.onAnswerChanged(
              (ref, _answer, change) => {
                if (deployments.shouldSignal(ref, change)) listener(ref);
              },
            );
            const offErrors = deployments.views.onError(listener);
            return () => {
              offAnswers();
              offErrors();
            };
          },
        });

        index.start();
        git.start();
        lifecycle.addStartupHook(() => {
          // Views build in the background; requests meanwhile say so.
          void deployments.start();
          tracker.start();
        });
        lifecycle.addShutdownHook(async () => {
          stopPublishing();
          alerts.stop();
          await tracker.stop();
          await deployments.stop();
          await ledger.stop();
          await index.stop();
          await git.stop();
          await githubAnswers?.flush();
        });

        httpRouter.use(
          await createRouter({
            version: PLUGIN_VERSION,
            clusters,
            index,
            deployments,
            fleet,
            access,
            git,
            catalog,
            httpAuth,
            logger,
            githubWebhookSecret: config.getOptionalString(
              'gitops.webhooks.github.secret',
            ),
            actions,
            ledger: ledger.service,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // GitHub cannot send Backstage credentials; the HMAC signature is the check.
        httpRouter.addAuthPolicy({
          path: '/webhooks/github',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
