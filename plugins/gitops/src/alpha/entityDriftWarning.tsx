import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAvailable } from '@gitops-console/plugin-gitops-common';

/**
 * The drift banner on the overview; it renders nothing while every
 * deployment is fine. Listed before the deployments card so it sits above.
 */
export const entityGitOpsDriftWarning = EntityCardBlueprint.make({
  name: 'drift-warning',
  params: {
    type: 'content',
    filter: isGitOpsAvailable,
    loader: () =>
      import('../components/EntityGitOpsDriftWarning').then(m => (
        <m.EntityGitOpsDriftWarning />
      )),
  },
});
