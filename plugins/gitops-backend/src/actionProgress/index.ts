/**
 * Action records after the request: the watch path that moves them to
 * merged and deployed, and the finisher of records a dead process left
 * `requested` (docs/action-progress.md).
 */
export { ActionProgressTracker } from './ActionProgressTracker';
export type { ActionProgressTrackerOptions } from './ActionProgressTracker';
export { viewsAnswerSource } from './answerSource';
export type { AnswerSource } from './answerSource';
export { clusterActionDone } from './clusterActionDone';
export { isDeployed } from './deployedMove';
export { githubPullRequestReader, parsePullRequestUrl } from './pullRequests';
export type {
  GithubClientSource,
  PullRequestReader,
  PullRequestState,
} from './pullRequests';
export {
  DEFAULT_PR_POLL_SECONDS,
  DEFAULT_STALE_AFTER_SECONDS,
  MIN_STALE_AFTER_SECONDS,
  readProgressConfig,
} from './readProgressConfig';
export type { ActionProgressConfig } from './readProgressConfig';
export { deploymentReached, revisionReached } from './revisionReached';
export type { AncestryGit } from './revisionReached';
export {
  createStaleActionFinisher,
  STALE_ACTION_FINISHER_TASK_ID,
} from './staleActionFinisher';
export type {
  StaleActionFinisher,
  StaleActionFinisherOptions,
  StaleActionRound,
} from './staleActionFinisher';
export { withClaimRenewal } from './withClaimRenewal';
export type { ClaimRenewalOptions } from './withClaimRenewal';
