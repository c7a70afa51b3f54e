import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { gitopsRepositoryWriterServiceRef } from '@gitops-console/plugin-gitops-node';
import { RepositoryFilesWriter } from './RepositoryFilesWriter';

/**
 * The GitOps repository writer for backend modules (the scaffolder's
 * `gitops:app:publish`): GitOps Console's Git write path, configured by
 * `gitops.git`, `gitops.actions` and `integrations`.
 *
 * @public
 */
export const gitopsRepositoryWriterServiceFactory = createServiceFactory({
  service: gitopsRepositoryWriterServiceRef,
  deps: { config: coreServices.rootConfig },
  factory: ({ config }) => RepositoryFilesWriter.fromConfig(config),
});
