export { CdToolLabel } from './CdToolLabel';
export { CommitLink } from './CommitLink';
export { PullRequestLink } from './PullRequestLink';
export { RelativeTime } from './RelativeTime';
export { SyncPolicyLabel } from './SyncPolicyLabel';
export * from './format';
export { DeployedRevision } from './DeployedRevision';
export { DeploymentFact } from './DeploymentFact';
