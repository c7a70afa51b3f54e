import type {
  CommitSummary,
  DeploymentSource,
  DriftReason,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { ClusterIndex, ClusterStatus } from '../cluster/ClusterIndex';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { toCommitSummary } from './commitSummary';
import type { GitSourceFacts } from './gitFacts';
import { PENDING_LIMIT } from './gitFacts';
import type { GitWatch } from './GitWatch';

/**
 * What a deployment builder needs besides the CR itself. Builders never
 * throw for a repository: one that may not be read is the deployment's
 * `problem`, with every cluster-side field still filled.
 */
export interface BuildContext {
  cluster: string;
  status: ClusterStatus;
  environment?: string;
  argocdUrl?: string;
  /**
   * The Git handle: the plugin's GitService (commit index, render inputs,
   * no process per build at steady state), or any GitProvider.
   */
  git: GitProvider;
  index: ClusterIndex;
  /** How many history entries to join with commit metadata. */
  historyLimit: number;
  /** Told what the build read from Git (views: which pushes rebuild it). */
  watch?: GitWatch;
}

/** The build context of one deployment of a cluster. */
export function createBuildContext(options: {
  cluster: string;
  status: ClusterStatus;
  clusterConfig?: Pick<GitOpsClusterConfig, 'environment' | 'argocdUrl'>;
  index: ClusterIndex;
  git: GitProvider;
  historyLimit?: number;
  watch?: GitWatch;
}): BuildContext {
  return {
    cluster: options.cluster,
    status: options.status,
    environment: options.clusterConfig?.environment,
    argocdUrl: options.clusterConfig?.argocdUrl,
    git: options.git,
    index: options.index,
    historyLimit: options.historyLimit ?? 10,
    watch: options.watch,
  };
}

export function clusterFacts(ctx: BuildContext) {
  return {
    reachable: ctx.status.reachable,
    observed: true,
    error: ctx.status.lastError?.message,
    lastSeenAt: ctx.status.lastSeenAt,
  };
}

/** Commit metadata, or undefined when Git cannot give it. */
export async function commitOrUndefined(
  ctx: BuildContext,
  repoUrl: string,
  sha: string | undefined,
): Promise<CommitSummary | undefined> {
  if (!sha || sha.length < 7) return undefined;
  try {
    return toCommitSummary(await ctx.git.getCommit({ repoUrl, sha }));
  } catch {
    // Unreadable or not allowed: the source facts carry the reason. A
    // later push may bring the commit.
    ctx.watch?.anyChange(repoUrl);
    return undefined;
  }
}

/**
 * A history entry's commit, titled by the last change of the inputs at
 * it. One not found yet, or off the tracked line, may read differently
 * after a later push.
 */
export async function historyCommit(
  ctx: BuildContext,
  repoUrl: string,
  facts: GitSourceFacts,
  sha: string,
): Promise<CommitSummary | undefined> {
  const commit = await facts.commitAt(sha);
  if (!commit || !facts.onTrackedLine(sha)) ctx.watch?.anyChange(repoUrl);
  return commit;
}

/** A browsable URL for a repository (https, no `.git`), when it has one. */
export function repoWebUrl(repoUrl: string): string | undefined {
  const scp = repoUrl.match(/^[\w.-]+@([\w.-]+):(.+)$/);
  const url = scp ? `https://${scp[1]}/${scp[2]}` : repoUrl;
  if (!/^https?:\/\//.test(url)) return undefined;
  return url.replace(/\.git$/, '').replace(/\/+$/, '');
}

export function gitSource(
  base: Pick<DeploymentSource, 'repoURL' | 'path' | 'ref'>,
  facts: GitSourceFacts,
  deployed: { revision?: string; ref?: string },
): DeploymentSource {
  return {
    type: 'git',
    ...base,
    deployedRevision: deployed.revision,
    deployedRef: deployed.ref,
    desiredRevision: facts.desiredRevision,
    desiredRef: base.ref,
    ...(facts.lastChange && { lastChange: facts.lastChange }),
    ...(facts.renderInputs && { renderInputs: facts.renderInputs }),
    pendingCommits: facts.pendingCommits,
    pendingTruncated: facts.pendingTruncated,
  };
}

/** The first problem of the sources' facts (a repository that may not be read). */
export function gitProblem(
  facts: GitSourceFacts[],
): { code: string; message: string } | undefined {
  return facts.find(f => f.problem)?.problem;
}

/** The union of the sources' pending commits, newest first, capped. */
export function unionPending(sources: DeploymentSource[]) {
  const all = sources.flatMap(s => s.pendingCommits);
  all.sort((a, b) => b.committedAt.localeCompare(a.committedAt));
  return {
    pendingCommits: all.slice(0, PENDING_LIMIT),
    pendingTruncated:
      all.length > PENDING_LIMIT || sources.some(s => s.pendingTruncated),
  };
}

export function gitErrors(facts: GitSourceFacts[]): DriftReason[] {
  return facts.flatMap(f => (f.error ? [f.error] : []));
}
