import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { fleetPageRouteRef } from '../routes';
import { GitOpsIcon } from './GitOpsIcon';

/**
 * The fleet page at `/gitops`. Its title and icon also make it the
 * sidebar's "GitOps" item: in this version of the new frontend system, nav
 * items are derived from pages (there is no NavItemBlueprint any more).
 */
export const gitopsFleetPage = PageBlueprint.make({
  params: {
    path: '/gitops',
    title: 'GitOps',
    icon: <GitOpsIcon />,
    routeRef: convertLegacyRouteRef(fleetPageRouteRef),
    loader: () => import('../components/FleetPage').then(m => <m.FleetPage />),
  },
});
