import type { BotIdentity } from './readActionsConfig';
import type { ActionContext, GitActionPlan } from './types';

export const ACTION_TRAILER = 'GitOps-Console-Action';
export const REQUESTER_TRAILER = 'Requested-by';

const ACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Refuses an action id that could not name a branch or a trailer safely. */
export function checkActionId(actionId: string): void {
  if (!ACTION_ID.test(actionId)) {
    throw new Error(
      `action id '${actionId}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

/** `gitops-console/rollback-<short id>`: the branch of a branch or pull-request delivery. */
export function actionBranchName(actionId: string): string {
  checkActionId(actionId);
  const short = actionId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toLowerCase();
  return `gitops-console/rollback-${short || 'action'}`;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const short = (sha: string) => sha.slice(0, 12);

/** The action in words, for the commit subject and the PR title. */
export function actionTitle(plan: GitActionPlan): string {
  const where = plan.paths.map(p => p || '/').join(', ');
  if (plan.type === 'rollback') {
    return `Roll back ${where} to ${short(plan.target!)}`;
  }
  const subject = plan.commitsUndone[0]?.subject ?? short(plan.commit!);
  return `Revert "${oneLine(subject).slice(0, 72)}" in ${where}`;
}

/** The commit message: title, reason, the commits undone, then the trailers. */
export function commitMessage(
  plan: GitActionPlan,
  context: ActionContext,
): string {
  checkActionId(context.actionId);
  const lines = [actionTitle(plan), ''];
  if (context.reason.trim()) {
    lines.push(`Reason: ${context.reason.trim()}`, '');
  }
  lines.push(plan.type === 'rollback' ? 'Undoes:' : 'Reverts:');
  for (const commit of plan.commitsUndone) {
    lines.push(`- ${short(commit.sha)} ${oneLine(commit.subject)}`);
  }
  lines.push(
    '',
    `${ACTION_TRAILER}: ${context.actionId}`,
    `${REQUESTER_TRAILER}: ${oneLine(context.requestedBy)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The environment that makes the bot author and committer of a commit. */
export function identityEnv(identity: BotIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
}

/** Whether a commit message carries this action's trailer. */
export function hasActionTrailer(message: string, actionId: string): boolean {
  return message
    .split('\n')
    .some(line => line.trim() === `${ACTION_TRAILER}: ${actionId}`);
}
