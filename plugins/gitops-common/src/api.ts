import type {
  Deployment,
  DriftState,
  HealthStatus,
  HistoryEntry,
} from './model/deployment';

/**
 * An annotation that names CD resources no reachable cluster has.
 *
 * @public
 */
export interface LocatorProblem {
  annotation: string;
  value: string;
  message: string;
}

/**
 * Every answer says when it was observed and whether it is stale.
 *
 * @public
 */
export interface Observed {
  /** ISO time the answer was computed. */
  observedAt: string;
  /** Set when part of the answer comes from a cache after an upstream failure. */
  stale?: boolean;
  staleReasons?: string[];
}

/**
 * `GET /entities/{namespace}/{kind}/{name}/deployments`
 *
 * @public
 */
export interface EntityDeploymentsResponse extends Observed {
  entityRef: string;
  deployments: Deployment[];
  problems: LocatorProblem[];
  /** Why there are no deployments, e.g. the entity has no GitOps annotations. */
  reason?: string;
}

/**
 * `GET /entities/{namespace}/{kind}/{name}/history`
 *
 * @public
 */
export interface EntityHistoryResponse extends Observed {
  entityRef: string;
  items: Array<
    HistoryEntry & {
      deploymentId: string;
      cluster: string;
      environment?: string;
    }
  >;
  nextCursor?: string;
}

/**
 * One cluster's watch health, from `GET /clusters`.
 *
 * @public
 */
export interface ClusterSummary {
  name: string;
  environment?: string;
  reachable: boolean;
  synced: boolean;
  kinds: Record<string, string>;
  /** Requests the watches made to the API server; page views add none. */
  requests: number;
  errorCode?: number;
  lastError?: { message: string; at: string };
  lastEventAt?: string;
  lastSeenAt?: string;
}

/** @public */
export interface ClustersResponse extends Observed {
  clusters: ClusterSummary[];
}

/**
 * A deployment with the catalog fields the fleet page filters on.
 *
 * @public
 */
export interface FleetDeployment extends Deployment {
  entityRef: string;
  entityTitle?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  type?: string;
  tags: string[];
}

/**
 * Filters of `GET /deployments`; each list matches any of its values.
 *
 * @public
 */
export interface FleetQuery {
  driftState?: DriftState[];
  health?: HealthStatus[];
  cluster?: string[];
  environment?: string[];
  tool?: Array<'argocd' | 'flux'>;
  owner?: string[];
  system?: string[];
  lifecycle?: string[];
  type?: string[];
  tag?: string[];
  search?: string;
  sort?: FleetSortField;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** @public */
export type FleetSortField =
  | 'entity'
  | 'environment'
  | 'cluster'
  | 'driftState'
  | 'health'
  | 'lastSyncedAt';

/**
 * `GET /deployments`
 *
 * @public
 */
export interface FleetResponse extends Observed {
  items: FleetDeployment[];
  totalItems: number;
  /** Counts per drift state over every filter except the drift state itself. */
  totals: Record<DriftState, number>;
  offset: number;
  limit: number;
}

/**
 * The signals channel on which the backend announces deployment changes;
 * its messages are {@link DeploymentsChangedSignal}.
 *
 * @public
 */
export const GITOPS_SIGNAL_CHANNEL = 'gitops:deployments';

/** @public */
export interface DeploymentsChangedSignal {
  type: 'deployments-changed';
  changes: Array<{
    cluster: string;
    namespace: string;
    name: string;
    kind: string;
  }>;
}
