import { createApiRef } from '@backstage/core-plugin-api';
import type { GitOpsHealthResponse } from '@gitops-console/plugin-gitops-common';

/**
 * Reads GitOps state from the GitOps Console backend.
 *
 * @public
 */
export interface GitOpsApi {
  getHealth(): Promise<GitOpsHealthResponse>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
