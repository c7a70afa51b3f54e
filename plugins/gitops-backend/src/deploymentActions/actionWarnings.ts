import type {
  ActionCommit,
  ActionWarning,
  Deployment,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import type { ActionRecord } from '../actionRecords';
import { parseRepoUrl } from '../git/repoUrl';
import type { GitActionPlan } from '../gitWrites';
import { gitTargetOf, type GitTarget } from './deploymentTarget';

/** The planner's warnings in the API's shape (no author e-mail). */
export function planWarnings(plan: GitActionPlan): ActionWarning[] {
  return plan.warnings.map(w => ({
    code: w.code,
    message: w.message,
    commits: w.commits.map(toActionCommit),
    files: w.files,
  }));
}

export function toActionCommit(c: {
  sha: string;
  subject: string;
  authorName: string;
  authorDate: string;
}): ActionCommit {
  return {
    sha: c.sha,
    subject: c.subject,
    authorName: c.authorName,
    authorDate: c.authorDate,
  };
}

/** A Git change that will not deploy by itself: auto-sync off, or Flux suspended. */
export function autoSyncWarning(
  deployment: Deployment,
): ActionWarning | undefined {
  if (deployment.kind === 'argocd-application') {
    if (deployment.autoSync && !deployment.autoSync.enabled) {
      return {
        code: 'auto-sync-off',
        message: `Auto-sync is off for ${deployment.name}: the change will not deploy by itself once it is on the branch; run a sync after it is merged.`,
      };
    }
    return undefined;
  }
  if (deployment.suspended) {
    return {
      code: 'auto-sync-off',
      message: `${deployment.name} is suspended: Flux will not apply the change until it is resumed.`,
    };
  }
  return undefined;
}

const overlaps = (a: string, b: string) =>
  a === '' ||
  b === '' ||
  a === b ||
  a.startsWith(`${b}/`) ||
  b.startsWith(`${a}/`);

function touchesSamePath(target: GitTarget, other: GitTarget): boolean {
  if (parseRepoUrl(target.repoUrl).key !== parseRepoUrl(other.repoUrl).key) {
    return false;
  }
  return target.paths.some(p => other.paths.some(q => overlaps(p, q)));
}

/**
 * The deployments of the answer whose Git source shares the repository and
 * a path with `deployment` (itself included): an open action on any of them
 * touches the same files.
 */
export function samePathDeploymentIds(
  answer: EntityDeploymentsResponse,
  deployment: Deployment,
): string[] {
  let target: GitTarget;
  try {
    target = gitTargetOf(deployment);
  } catch {
    return [deployment.id];
  }
  const ids = new Set([deployment.id]);
  for (const other of answer.deployments) {
    try {
      if (touchesSamePath(target, gitTargetOf(other))) ids.add(other.id);
    } catch {
      // No Git source: it cannot touch the path.
    }
  }
  return [...ids];
}

/** Other open actions (a rollback PR not merged yet, a running sync). */
export function openActionWarning(
  open: ActionRecord[],
  exceptId?: string,
): ActionWarning | undefined {
  const others = open.filter(r => r.id !== exceptId);
  if (!others.length) return undefined;
  const listed = others
    .slice(0, 5)
    .map(
      r =>
        `${r.type} ${r.status}${r.prUrl ? ` (${r.prUrl})` : ''} by ${
          r.requestedBy
        } on ${r.deploymentId}`,
    )
    .join('; ');
  return {
    code: 'other-open-action',
    message: `${others.length} other open action(s) touch the same path: ${listed}.`,
  };
}
