import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readClusters } from './config/readClusters';
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
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, httpRouter }) {
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

        httpRouter.use(createRouter({ version: PLUGIN_VERSION, clusters }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
