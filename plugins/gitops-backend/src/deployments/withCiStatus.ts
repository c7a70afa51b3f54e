import type {
  CommitCiStatus,
  CommitSummary,
  Deployment,
  DeploymentSource,
} from '@gitops-console/plugin-gitops-common';

/** A shown commit's CI state from memory; undefined when none is known. */
export type CiStatusOf = (
  repoUrl: string,
  sha: string,
) => CommitCiStatus | undefined;

/**
 * Puts each commit's CI state on it: the deployed commit, the last change,
 * the pending commits (so a failed one is marked) and the history. Asking
 * also enrols the commits for the background poll, which rebuilds the view
 * when a state changes.
 */
export function withCiStatus(
  deployment: Deployment,
  ciOf: CiStatusOf,
): Deployment {
  const repoOf = (commit: CommitSummary) =>
    (commit.sourceIndex !== undefined
      ? deployment.sources[commit.sourceIndex]
      : deployment.source
    )?.repoURL;
  const mark = <T extends CommitSummary | undefined>(commit: T): T => {
    if (!commit) return commit;
    const repo = repoOf(commit);
    const ci = repo ? ciOf(repo, commit.sha) : undefined;
    return ci ? { ...commit, ci } : commit;
  };
  const source = (s: DeploymentSource): DeploymentSource => ({
    ...s,
    ...(s.lastChange && { lastChange: mark(s.lastChange) }),
    pendingCommits: s.pendingCommits.map(mark),
  });
  return {
    ...deployment,
    ...(deployment.deployedCommit && {
      deployedCommit: mark(deployment.deployedCommit),
    }),
    ...(deployment.lastChange && { lastChange: mark(deployment.lastChange) }),
    pendingCommits: deployment.pendingCommits.map(mark),
    sources: deployment.sources.map(source),
    ...(deployment.source && { source: source(deployment.source) }),
    history: deployment.history.map(h =>
      h.commit ? { ...h, commit: mark(h.commit) } : h,
    ),
  };
}
