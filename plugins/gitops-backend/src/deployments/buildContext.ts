import type {
  CommitSummary,
  DeploymentSource,
  DriftReason,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { ClusterIndex, ClusterStatus } from '../cluster/ClusterIndex';
import { toCommitSummary } from './commitSummary';
import type { GitSourceFacts } from './gitFacts';
import { PENDING_LIMIT } from './gitFacts';

/** What a deployment builder needs besides the CR itself. */
export interface BuildContext {
  cluster: string;
  status: ClusterStatus;
  environment?: string;
  argocdUrl?: string;
  git: GitProvider;
  index: ClusterIndex;
  /** Errors that must fail the request (e.g. a repository not allowed). */
  isFatal: (error: unknown) => boolean;
  /** How many history entries to join with commit metadata. */
  historyLimit: number;
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
  } catch (error) {
    if (ctx.isFatal(error)) throw error;
    return undefined;
  }
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
    pendingCommits: facts.pendingCommits,
    pendingTruncated: facts.pendingTruncated,
  };
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
