import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAvailable } from '@gitops-console/plugin-gitops-common';

/** The overview card with one tile per environment and cluster. */
export const entityGitOpsDeploymentsCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    type: 'content',
    filter: isGitOpsAvailable,
    loader: () =>
      import('../components/EntityGitOpsDeploymentsCard').then(m => (
        <m.EntityGitOpsDeploymentsCard />
      )),
  },
});
