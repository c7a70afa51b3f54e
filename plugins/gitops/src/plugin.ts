import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { gitopsApiRef } from './api/GitOpsApi';
import { GitOpsClient } from './api/GitOpsClient';
import { entityContentRouteRef } from './routes';

/**
 * The GitOps plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const gitopsPlugin = createPlugin({
  id: 'gitops',
  apis: [
    createApiFactory({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { entityContent: entityContentRouteRef },
});

/**
 * The "GitOps" tab for entity pages (legacy frontend system). Mount it in an
 * `EntityLayout.Route` guarded by `isGitOpsAvailable`.
 *
 * @public
 */
export const EntityGitOpsContent = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitOpsContent',
    component: () => import('./components/GitOpsTab').then(m => m.GitOpsTab),
    mountPoint: entityContentRouteRef,
  }),
);
