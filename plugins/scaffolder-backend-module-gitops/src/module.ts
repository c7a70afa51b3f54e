import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdApplicationAction } from './actions/createArgoCdApplication';

/**
 * Adds the GitOps Console actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleGitOps = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createArgoCdApplicationAction());
      },
    });
  },
});
