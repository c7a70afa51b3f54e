import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { gitopsRepositoryWriterServiceRef } from '@gitops-console/plugin-gitops-node';
import { createAppPublishAction } from './actions/appPublish';
import { createAppRenderAction } from './actions/appRender';
import { createArgoCdApplicationAction } from './actions/createArgoCdApplication';

/**
 * Adds the GitOps Console actions to the scaffolder. `gitops:app:publish`
 * writes through the GitOps repository writer service
 * (`gitopsRepositoryWriterServiceFactory` of the GitOps backend plugin).
 *
 * @public
 */
export const scaffolderModuleGitOps = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        writer: gitopsRepositoryWriterServiceRef,
      },
      async init({ scaffolder, config, writer }) {
        scaffolder.addActions(
          createAppRenderAction({ config, writer }),
          createAppPublishAction({ config, writer }),
          createArgoCdApplicationAction(),
        );
      },
    });
  },
});
