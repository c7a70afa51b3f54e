import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { entityContentRouteRef, fleetPageRouteRef } from '../routes';
import { gitopsApi } from './apis';
import { entityGitOpsContent } from './entityContents';
import { entityGitOpsDeploymentsCard } from './entityDeploymentsCard';
import { entityGitOpsDriftWarning } from './entityDriftWarning';
import { gitopsFleetPage } from './fleetPage';
import { GitOpsIcon } from './GitOpsIcon';

/**
 * The GitOps plugin for the new frontend system: its API, the overview
 * card and drift banner, the entity tab and the fleet page (which is also
 * the sidebar item).
 *
 * @public
 */
export const gitopsFrontendPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  icon: <GitOpsIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: {
    entityContent: convertLegacyRouteRef(entityContentRouteRef),
    fleet: convertLegacyRouteRef(fleetPageRouteRef),
  },
  extensions: [
    gitopsApi,
    entityGitOpsDriftWarning,
    entityGitOpsDeploymentsCard,
    entityGitOpsContent,
    gitopsFleetPage,
  ],
});
