import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
  EntityHistoryResponse,
  FleetQuery,
  FleetResponse,
  GitOpsHealthResponse,
} from '@gitops-console/plugin-gitops-common';

/**
 * Reads GitOps state from the GitOps Console backend. Failed requests reject
 * with a `ResponseError` whose message carries the server's explanation.
 *
 * @public
 */
export interface GitOpsApi {
  getHealth(): Promise<GitOpsHealthResponse>;

  /** The deployments of one entity, their drift, pending commits and history. */
  getEntityDeployments(
    entityRef: string | CompoundEntityRef,
  ): Promise<EntityDeploymentsResponse>;

  /** The entity's deployment history across environments, newest first. */
  getEntityHistory(
    entityRef: string | CompoundEntityRef,
    options?: { limit?: number; cursor?: string },
  ): Promise<EntityHistoryResponse>;

  /** The watch health of every configured cluster. */
  getClusters(): Promise<ClustersResponse>;

  /** Every deployment the user may see, filtered, sorted and paged. */
  queryFleet(query?: FleetQuery): Promise<FleetResponse>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
