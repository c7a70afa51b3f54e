import type {
  CommitSummary,
  Deployment,
} from '@gitops-console/plugin-gitops-common';

const SHA = /^[0-9a-f]{40}$/i;

/** A revision of the deployment's history that can be rolled back to. */
export interface RollbackTarget {
  revision: string;
  commit?: CommitSummary;
  deployedAt?: string;
}

/** The Git SHA of a history entry, when it has one (not a chart version). */
function gitRevision(e: Deployment['history'][number]): string | undefined {
  if (e.commit?.sha && SHA.test(e.commit.sha)) return e.commit.sha;
  return SHA.test(e.revision) ? e.revision : undefined;
}

/**
 * The history's earlier Git revisions, newest first, once each; the one
 * running now is left out (rolling back to it would change nothing).
 */
export function rollbackTargets(d: Deployment): RollbackTarget[] {
  const seen = new Set<string>();
  const running = runningSha(d);
  if (running) seen.add(running);
  const targets: RollbackTarget[] = [];
  for (const e of d.history) {
    const revision = gitRevision(e);
    if (!revision || seen.has(revision)) continue;
    seen.add(revision);
    targets.push({ revision, commit: e.commit, deployedAt: e.deployedAt });
  }
  return targets;
}

/**
 * The SHA running now. Flux gives its revision as `main@sha1:<sha>` (older
 * controllers `main/<sha>`), Argo CD as the bare SHA.
 */
function runningSha(d: Deployment): string | undefined {
  if (d.deployedCommit?.sha && SHA.test(d.deployedCommit.sha)) {
    return d.deployedCommit.sha;
  }
  return d.deployedRevision?.match(/(?:^|[:/])([0-9a-f]{40})$/i)?.[1];
}

export function isRollbackTarget(d: Deployment, revision: string): boolean {
  return rollbackTargets(d).some(t => t.revision === revision);
}
