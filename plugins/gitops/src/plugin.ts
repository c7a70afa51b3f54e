import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { gitopsApiRef } from './api/GitOpsApi';
import { GitOpsClient } from './api/GitOpsClient';
import { entityContentRouteRef, fleetPageRouteRef } from './routes';

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
  routes: { entityContent: entityContentRouteRef, fleet: fleetPageRouteRef },
});

/**
 * The "GitOps" tab for entity pages (legacy frontend system). Mount it in an
 * `EntityLayout.Route path="/gitops"` guarded by `isGitOpsAvailable`.
 *
 * @public
 */
export const EntityGitOpsContent = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitOpsContent',
    component: () =>
      import('./components/EntityGitOpsContent').then(
        m => m.EntityGitOpsContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The deployments card for the entity overview (legacy frontend system).
 *
 * @public
 */
export const EntityGitOpsDeploymentsCard = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitOpsDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityGitOpsDeploymentsCard').then(
          m => m.EntityGitOpsDeploymentsCard,
        ),
    },
  }),
);

/**
 * The drift banner for the entity overview (legacy frontend system); it
 * renders nothing while every deployment is fine.
 *
 * @public
 */
export const EntityGitOpsDriftWarning = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitOpsDriftWarning',
    component: {
      lazy: () =>
        import('./components/EntityGitOpsDriftWarning').then(
          m => m.EntityGitOpsDriftWarning,
        ),
    },
  }),
);

/**
 * The fleet page (legacy frontend system): mount it at `/gitops`.
 *
 * @public
 */
export const GitOpsFleetPage = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'GitOpsFleetPage',
    component: () =>
      import('./components/FleetPage').then(m => m.LegacyFleetPage),
    mountPoint: fleetPageRouteRef,
  }),
);
