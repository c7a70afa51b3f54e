import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isGitOpsAvailable } from '@gitops-console/plugin-gitops-common';

/** The "GitOps" tab, shown only on entities with GitOps annotations. */
export const entityGitOpsContent = EntityContentBlueprint.make({
  params: {
    path: 'gitops',
    title: 'GitOps',
    filter: isGitOpsAvailable,
    loader: () => import('../components/GitOpsTab').then(m => <m.GitOpsTab />),
  },
});
