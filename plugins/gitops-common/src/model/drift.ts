import type {
  CommitSummary,
  Deployment,
  DriftReason,
  DriftedResource,
} from './deployment';

/**
 * What the CD tool's resource says, reduced to the facts drift
 * classification needs. Built by the tool-specific readers (Argo CD, Flux).
 *
 * @public
 */
export interface SyncFacts {
  /** Flux `spec.suspend`. */
  suspended: boolean;
  /** Evidence of a failed or retrying operation; non-empty means failing. */
  failures: DriftReason[];
  /** The tool reports that live state differs from what Git renders. */
  liveDrift?: { reasons: DriftReason[]; resources: DriftedResource[] };
  /** Work under way towards the desired state: syncing, sync windows, ... */
  inProgress: DriftReason[];
  /** No revision was ever applied successfully. */
  neverDeployed: boolean;
  /** A newer source artifact than the applied one (OCI digest, chart). */
  newerArtifact?: DriftReason;
}

/**
 * What Git says about the deployed revision.
 *
 * @public
 */
export interface GitFacts {
  /** Commits on the path after the deployed revision, newest first. */
  pendingCommits: CommitSummary[];
  /** False when the deployed commit is not on the tracked branch. */
  deployedOnBranch: boolean;
  /**
   * True when the tool compared a revision newer than the deployed one and
   * the commits between lie outside the path (a shared base, say).
   */
  changedOutsidePath?: boolean;
  /** The path the pending commits were counted on, for messages. */
  path?: string;
}

/**
 * Whether the cluster was reachable and the resource observed.
 *
 * @public
 */
export interface ClusterFacts {
  reachable: boolean;
  observed: boolean;
  error?: string;
  lastSeenAt?: string;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function behindReasons(sync: SyncFacts, git: GitFacts): DriftReason[] {
  const reasons: DriftReason[] = [];
  if (sync.neverDeployed) {
    reasons.push({ code: 'never-deployed', message: 'never deployed' });
  }
  if (!sync.neverDeployed && !git.deployedOnBranch) {
    reasons.push({
      code: 'not-on-branch',
      message:
        'the deployed revision is not on the tracked branch (force-push or branch switch)',
    });
  }
  if (git.pendingCommits.length > 0) {
    const where = git.path ? ` on ${git.path}` : '';
    reasons.push({
      code: 'pending-commits',
      message: `${plural(
        git.pendingCommits.length,
        'commit',
      )}${where} not deployed yet`,
      since: git.pendingCommits[git.pendingCommits.length - 1].committedAt,
    });
  }
  if (sync.newerArtifact) reasons.push(sync.newerArtifact);
  reasons.push(...sync.inProgress);
  return reasons;
}

/**
 * Classifies a deployment's drift. The first rule that applies wins:
 * unknown, suspended, failing, out-of-sync, behind, in-sync.
 *
 * @public
 */
export function classifyDrift(input: {
  sync: SyncFacts;
  git: GitFacts;
  cluster: ClusterFacts;
}): Deployment['drift'] {
  const { sync, git, cluster } = input;
  const resources = sync.liveDrift?.resources ?? [];

  if (!cluster.reachable) {
    return {
      state: 'unknown',
      reasons: [
        {
          code: 'cluster-unreachable',
          message: `cluster unreachable${
            cluster.error ? `: ${cluster.error}` : ''
          }; showing the last known state`,
          since: cluster.lastSeenAt,
        },
      ],
      resources,
    };
  }
  if (!cluster.observed) {
    return {
      state: 'unknown',
      reasons: [
        { code: 'not-observed', message: 'not observed in the cluster yet' },
      ],
      resources,
    };
  }
  if (sync.suspended) {
    return {
      state: 'suspended',
      reasons: [{ code: 'suspended', message: 'reconciliation is suspended' }],
      resources,
    };
  }
  if (sync.failures.length > 0) {
    return { state: 'failing', reasons: sync.failures, resources };
  }
  if (sync.liveDrift && git.pendingCommits.length === 0) {
    const reasons = [...sync.liveDrift.reasons];
    if (git.changedOutsidePath) {
      reasons.push({
        code: 'changed-outside-path',
        message:
          'Git changed outside the path (for example a shared base) since the deployed revision; the difference may come from there',
      });
    }
    return { state: 'out-of-sync', reasons, resources };
  }
  const behind = behindReasons(sync, git);
  if (behind.length > 0) {
    return { state: 'behind', reasons: behind, resources };
  }
  return { state: 'in-sync', reasons: [], resources: [] };
}
