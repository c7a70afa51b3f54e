import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { ActionRecord } from '../actionRecords';
import { clusterActionDone } from './clusterActionDone';
import { deploymentReached, type AncestryGit } from './revisionReached';

const GIT_TYPES: ReadonlySet<ActionRecord['type']> = new Set([
  'rollback',
  'revert-commit',
]);

/**
 * Whether the record may move to `deployed` given its deployment's view
 * now: a Git action's commit (`resultCommitSha`: the pushed commit, or the
 * merge's commit once `merged`) is deployed or an ancestor of what is; a
 * cluster action has taken effect (clusterActionDone).
 *
 * A `pr-open` record counts too when the deployment already runs its
 * branch commit (merged by a merge commit or a fast-forward before the
 * next pull request read); a squashed merge waits for that read.
 */
export async function isDeployed(
  git: AncestryGit,
  record: ActionRecord,
  deployment: Deployment,
): Promise<boolean> {
  if (GIT_TYPES.has(record.type)) {
    if (!['pr-open', 'committed', 'merged'].includes(record.status)) {
      return false;
    }
    if (!record.resultCommitSha) return false;
    return deploymentReached(git, deployment, record.resultCommitSha);
  }
  return record.status === 'committed' && clusterActionDone(record, deployment);
}
