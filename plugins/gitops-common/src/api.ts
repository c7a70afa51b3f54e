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
  /**
   * True while the entity's view is being built for the first time (a newly
   * added entity, or just after start-up); the answer is then incomplete and
   * a signal follows once it is built.
   */
  computing?: boolean;
  /**
   * The signals channel that announces changes of this entity's answer. It
   * is opaque (derived with a server-side secret), so only a reader of the
   * entity learns it; see {@link GITOPS_SIGNAL_CHANNEL_PREFIX}.
   */
  signalChannel?: string;
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
  /** The namespaces read, when `gitops.clusters[].namespaces` limits them. */
  namespaces?: string[];
}

/** @public */
export interface ClustersResponse extends Observed {
  clusters: ClusterSummary[];
  /** The deployment views: entities known and built, rebuilds queued. */
  views?: {
    entities: number;
    built: number;
    deployments: number;
    /** Deployment views that have been built at least once. */
    deploymentsBuilt?: number;
    pending: number;
    builds: number;
    /** Rebuilds a Git change did not need: it touched nothing the view read. */
    buildsSkipped?: number;
  };
  /** Git work since start; page views add none. */
  git?: { processes: number; requests: number };
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
  /** True while the views are still being built after start-up. */
  computing?: boolean;
  /**
   * The distinct values of each filter with their counts, over every
   * deployment the caller may read (filters not applied), so filter menus
   * are complete for any fleet size.
   */
  facets?: FleetFacets;
}

/**
 * One value of a fleet filter and how many deployments have it.
 *
 * @public
 */
export interface FleetFacetValue {
  value: string;
  count: number;
}

/** @public */
export type FleetFacets = Record<
  | 'driftState'
  | 'health'
  | 'cluster'
  | 'environment'
  | 'tool'
  | 'owner'
  | 'system'
  | 'lifecycle'
  | 'type'
  | 'tag',
  FleetFacetValue[]
>;

/**
 * Per-entity signals channels start with this prefix and end with an opaque
 * id that only the entity's deployments answer reveals
 * (`EntityDeploymentsResponse.signalChannel`). Their messages are
 * {@link DeploymentsChangedSignal}, which name nothing.
 *
 * @public
 */
export const GITOPS_SIGNAL_CHANNEL_PREFIX = 'gitops:entity:';

/**
 * The fleet channel: a notice that some deployment changed, naming nothing,
 * so open fleet pages refetch (and the backend filters what they may read).
 *
 * @public
 */
export const GITOPS_FLEET_SIGNAL_CHANNEL = 'gitops:fleet';

/**
 * A change notice; it carries no names, the page refetches with its own
 * credentials.
 *
 * @public
 */
export interface DeploymentsChangedSignal {
  type: 'deployments-changed';
}
