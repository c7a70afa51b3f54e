import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { gitopsPlugin } from '../../plugin';

/**
 * The plugin with no cluster and an empty catalog: enough to test how the
 * API takes its parameters, where no answer needs data.
 */
export async function startEmptyGitOpsBackend(): Promise<{
  server: any;
  stop: () => Promise<void>;
}> {
  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data: { gitops: {} } }),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}
