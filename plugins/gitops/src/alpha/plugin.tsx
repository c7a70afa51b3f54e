import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { gitopsApi } from './apis';
import { entityGitOpsContent } from './entityContents';

/**
 * The GitOps plugin for the new frontend system.
 *
 * @public
 */
export const gitopsFrontendPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  info: { packageJson: () => import('../../package.json') },
  extensions: [gitopsApi, entityGitOpsContent],
});
