import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { gitWritersFromConfig, type GitWriters } from './gitWriters';

/**
 * The Git writers the actions use, as a plugin service: by default built
 * from the config (integrations, `gitops.actions.*`, `gitops.git.*`). A
 * backend may replace it, for example to clone GitHub repositories from a
 * mirror; the tests give writers pointed at their own servers.
 */
export const gitopsGitWritersServiceRef = createServiceRef<GitWriters>({
  id: 'gitops.actions.gitWriters',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => gitWritersFromConfig(config),
    }),
});
