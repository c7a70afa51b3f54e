/**
 * The Git side of rollback and revert-commit: planners that compute what
 * an action would do without writing, and writers that deliver it as one
 * commit (plain Git push, or GitHub branch + pull request).
 */
export { planAction, planRevert, planRollback } from './planAction';
export type { PlanOptions } from './planAction';
export { GitWorkspace } from './GitWorkspace';
export type { GitWorkspaceOptions } from './GitWorkspace';
export { PlainGitActionWriter } from './PlainGitActionWriter';
export type { PlainGitActionWriterOptions } from './PlainGitActionWriter';
export { GithubActionWriter } from './GithubActionWriter';
export type { GithubActionWriterOptions } from './GithubActionWriter';
export {
  DEFAULT_BOT_IDENTITY,
  DEFAULT_RISKY_COMMIT_PATTERN,
  deliveryModeFor,
  readActionsConfig,
} from './readActionsConfig';
export type {
  ActionsGitConfig,
  ActionsGitRule,
  BotIdentity,
  DeliveryMode,
} from './readActionsConfig';
export {
  ACTION_TRAILER,
  REQUESTER_TRAILER,
  actionBranchName,
  actionTitle,
  commitMessage,
} from './commitMessage';
export { pullRequestBody } from './pullRequestBody';
export * from './errors';
export type * from './types';
