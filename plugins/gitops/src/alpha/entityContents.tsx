import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAvailable } from '@gitops-console/plugin-gitops-common';
import { GITOPS_TAB_PATH } from '../components/routing/useGitOpsTabLink';
import { entityContentRouteRef } from '../routes';

/** The "GitOps" tab, shown only on entities with GitOps annotations. */
export const entityGitOpsContent = EntityContentBlueprint.make({
  params: {
    path: GITOPS_TAB_PATH,
    title: 'GitOps',
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    filter: isGitOpsAvailable,
    loader: () =>
      import('../components/EntityGitOpsContent').then(m => (
        <m.EntityGitOpsContent />
      )),
  },
});
