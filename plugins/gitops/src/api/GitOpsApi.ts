import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ActionCreateRequest,
  ActionListResponse,
  ActionPermissionsResponse,
  ActionPreviewRequest,
  ActionPreviewResponse,
  ActionRecordResponse,
  ClustersResponse,
  EntityDeploymentsResponse,
  EntityHistoryResponse,
  EntityMetricsResponse,
  FleetMetricsResponse,
  FleetQuery,
  FleetResponse,
  GitOpsHealthResponse,
  LedgerResponse,
  MetricWindowDays,
} from '@gitops-console/plugin-gitops-common';

/**
 * A range and page of the ledger; `from` and `to` are ISO times.
 *
 * @public
 */
export interface LedgerQuery {
  environment?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

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

  /** The entity's ledger events (deployments and drift changes), newest first. */
  getEntityLedger(
    entityRef: string | CompoundEntityRef,
    options?: LedgerQuery,
  ): Promise<LedgerResponse>;

  /** The four delivery metrics per environment, with the window before. */
  getEntityMetrics(
    entityRef: string | CompoundEntityRef,
    windowDays: MetricWindowDays,
  ): Promise<EntityMetricsResponse>;

  /** The delivery metrics per owning team and in total, for the fleet filters. */
  getFleetMetrics(
    windowDays: MetricWindowDays,
    query?: FleetQuery,
  ): Promise<FleetMetricsResponse>;

  /** The watch health of every configured cluster. */
  getClusters(): Promise<ClustersResponse>;

  /** Every deployment the user may see, filtered, sorted and paged. */
  queryFleet(query?: FleetQuery): Promise<FleetResponse>;

  /**
   * What an action would do, writing nothing. Action calls reject with an
   * `ActionRequestError` naming the field, files or commits at fault.
   */
  previewAction(
    entityRef: string | CompoundEntityRef,
    request: ActionPreviewRequest,
  ): Promise<ActionPreviewResponse>;

  /** Starts an action, or answers the same action's record still open. */
  createAction(
    entityRef: string | CompoundEntityRef,
    request: ActionCreateRequest,
  ): Promise<ActionRecordResponse>;

  /** The entity's actions, newest first. */
  listActions(
    entityRef: string | CompoundEntityRef,
    options?: { deploymentId?: string; limit?: number; cursor?: string },
  ): Promise<ActionListResponse>;

  /** One action record. */
  getAction(id: string): Promise<ActionRecordResponse>;

  /** Whether the signed-in user may roll back or sync this entity. */
  getActionPermissions(
    entityRef: string | CompoundEntityRef,
  ): Promise<ActionPermissionsResponse>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
