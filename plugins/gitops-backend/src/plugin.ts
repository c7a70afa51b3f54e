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
import { ClusterIndex } from './cluster/ClusterIndex';
import { readClusters } from './config/readClusters';
import { ScmIntegrations } from '@backstage/integration';
import { commitUrlResolver } from './deployments/commitLinks';
import { DeploymentService } from './deployments/DeploymentService';
import { FleetService } from './deployments/FleetService';
import { publishChanges } from './deployments/publishChanges';
import { GitProviderRegistry } from './git';
import { redactingLogger } from './redaction';
import { createRouter, NO_CLUSTERS_MESSAGE } from './service/router';
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
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger: pluginLogger,
        httpRouter,
        httpAuth,
        lifecycle,
        catalog,
        signals,
        actionsRegistry,
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

        const git = GitProviderRegistry.fromConfig(config, {
          logger,
          extraProviders,
        });
        const index = new ClusterIndex({ clusters: clusters.clusters, logger });
        const deployments = new DeploymentService({
          index,
          git,
          clusters: clusters.clusters,
          logger,
          commitUrl: commitUrlResolver(ScmIntegrations.fromConfig(config)),
          cacheSeconds: config.getOptionalNumber(
            'gitops.deploymentCacheSeconds',
          ),
        });
        const fleet = new FleetService(catalog, deployments);

        registerReadActions({ actionsRegistry, catalog, deployments, fleet });
        const stopPublishing = publishChanges({ index, signals });

        index.start();
        lifecycle.addShutdownHook(async () => {
          stopPublishing();
          await index.stop();
        });

        httpRouter.use(
          await createRouter({
            version: PLUGIN_VERSION,
            clusters,
            index,
            deployments,
            fleet,
            git,
            catalog,
            httpAuth,
            logger,
            githubWebhookSecret: config.getOptionalString(
              'gitops.webhooks.github.secret',
            ),
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
