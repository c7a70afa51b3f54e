/**
 * The CD tool resource a deployment comes from.
 *
 * @public
 */
export type GitOpsResourceKindName =
  | 'argocd-application'
  | 'flux-kustomization'
  | 'flux-helmrelease';

/**
 * One word for how a deployment relates to Git; see docs/design.md for the
 * rules, applied in this order.
 *
 * @public
 */
export type DriftState =
  | 'unknown'
  | 'suspended'
  | 'failing'
  | 'out-of-sync'
  | 'behind'
  | 'in-sync';

/** @public */
export const DRIFT_STATES: readonly DriftState[] = [
  'unknown',
  'suspended',
  'failing',
  'out-of-sync',
  'behind',
  'in-sync',
];

/**
 * Health as the CD tool reports it.
 *
 * @public
 */
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/**
 * A piece of evidence behind a drift state, in words a person can act on.
 *
 * @public
 */
export interface DriftReason {
  /** A stable code, e.g. `operation-failed`, `never-deployed`, `syncing`. */
  code: string;
  message: string;
  /** ISO 8601 time the condition started, when known. */
  since?: string;
}

/**
 * A live resource whose state differs from what Git renders.
 *
 * @public
 */
export interface DriftedResource {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  health?: string;
}

/**
 * CI results of one commit.
 *
 * @public
 */
export interface CommitCiStatus {
  /**
   * The commit's combined CI state: `failure` when any status or check run
   * failed, `pending` when any is still running, `success` when all that
   * exist passed, `none` when CI reported nothing.
   */
  state: 'success' | 'failure' | 'pending' | 'none';
  /** A link to the failing (else the first) status or check run. */
  url?: string;
  /** How many statuses and check runs it combines. */
  count: number;
}

/**
 * A commit, as shown for pending commits and history.
 *
 * @public
 */
export interface CommitSummary {
  sha: string;
  message: string;
  author: { name: string; email?: string };
  committedAt: string;
  pullRequest?: { number: number; url?: string };
  url?: string;
  /** CI results of the commit, for repositories whose host reports them (GitHub). */
  ci?: CommitCiStatus;
  /** Index of the source in a multi-source Argo CD Application. */
  sourceIndex?: number;
  /**
   * For a merge on the tracked branch's first-parent line: the commits it
   * brought in, newest first (capped). The merge itself is titled by its PR.
   */
  mergedCommits?: CommitSummary[];
}

/**
 * A reference in a deployment's kustomization or Helm values that cannot be
 * followed inside the repository (a remote base, an OCI artifact, a path
 * that leaves the repository).
 *
 * @public
 */
export interface ExternalRenderInput {
  /** The reference as written, credentials removed. */
  reference: string;
  /** The repository-relative file that holds the reference. */
  from: string;
  /** Why it is not followed, in words. */
  reason: string;
}

/**
 * What a deployment's rendering depends on inside its repository: its path,
 * plus every local directory and file that its kustomization files (or the
 * Argo CD Helm `valueFiles`) reference, followed transitively.
 *
 * @public
 */
export interface RenderInputs {
  /**
   * Repository-relative folders and files, without leading or trailing
   * slashes; the first entry is the deployment's own path. A commit touches
   * the inputs when it changes a file equal to, or under, one of them.
   */
  paths: string[];
  /** References that cannot be followed. */
  external: ExternalRenderInput[];
  /** The commit the kustomization files were read at. */
  revision?: string;
}

/**
 * Where a deployment's desired state lives.
 *
 * @public
 */
export interface DeploymentSource {
  type: 'git' | 'helm' | 'oci';
  repoURL: string;
  path?: string;
  /** Branch, tag or SHA tracked (Argo `targetRevision`, Flux `spec.ref`). */
  ref?: string;
  chart?: string;
  deployedRevision?: string;
  deployedRef?: string;
  desiredRevision?: string;
  desiredRef?: string;
  /**
   * The newest commit at or before the deployed revision, on the tracked
   * branch's first-parent line, that touched this source's render inputs:
   * what a person means by "what runs here".
   */
  lastChange?: CommitSummary;
  /** The render inputs of a Git source; absent for Helm and OCI sources. */
  renderInputs?: RenderInputs;
  pendingCommits: CommitSummary[];
  pendingTruncated: boolean;
}

/**
 * One entry of a deployment's history.
 *
 * @public
 */
export interface HistoryEntry {
  revision: string;
  deployedAt?: string;
  /**
   * When this revision was first deployed, where the CD tool moves
   * `deployedAt` on every reconcile (Flux's `firstReconciled`).
   */
  firstDeployedAt?: string;
  /** Set on entries older than the CR's own history, read from the ledger. */
  fromLedger?: boolean;
  initiatedBy?: { username?: string; automated?: boolean };
  commit?: CommitSummary;
  /** Chart version and digest, for HelmRelease snapshots. */
  chartVersion?: string;
  digest?: string;
  status?: string;
}

/**
 * What GitOps Console knows about one CD resource of an entity.
 *
 * @public
 */
export interface Deployment {
  /** `<cluster>/<namespace>/<kind>/<name>`. */
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  kind: GitOpsResourceKindName;
  environment?: string;
  source?: DeploymentSource;
  sources: DeploymentSource[];
  desiredRevision?: string;
  desiredRef?: string;
  deployedRevision?: string;
  deployedRef?: string;
  /** The commit at exactly the deployed revision (may be about another app). */
  deployedCommit?: CommitSummary;
  /**
   * The commit that last changed what this deployment renders, at or before
   * the deployed revision: the headline of a deployment. That of the top
   * source; each source carries its own.
   */
  lastChange?: CommitSummary;
  deployedDigest?: string;
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
  health: HealthStatus;
  lastSyncedAt?: string;
  /** When the cluster last confirmed this state. */
  lastSeenAt?: string;
  autoSync?: { enabled: boolean; prune: boolean; selfHeal: boolean };
  suspended: boolean;
  drift: {
    state: DriftState;
    reasons: DriftReason[];
    resources: DriftedResource[];
  };
  pendingCommits: CommitSummary[];
  pendingTruncated: boolean;
  history: HistoryEntry[];
  links: { commit?: string; repo?: string; argocd?: string };
  /**
   * Set when a problem belongs to this resource alone (for example a
   * repository that may not be read): the deployment is shown with it and
   * the rest of the entity's answer stays complete.
   */
  problem?: { code: string; message: string };
}
