/**
 * The actions of issue 12 behind the HTTP routes and the actions registry:
 * resolve the deployment, authorise, audit, plan, record, carry out, signal.
 */
export { ActionsService, requesterOf } from './ActionsService';
export type { ActionsServiceOptions, CallerContext } from './ActionsService';
export { ActionAuthorizer, deniedReason } from './authorizeAction';
export { ActionSignals } from './actionSignals';
export type { RecordChangedListener } from './actionSignals';
export { auditEventIdOf } from './auditAction';
export { gitWriters, gitWritersFromConfig } from './gitWriters';
export type { GitActionWriterLike, GitWriters } from './gitWriters';
export { gitopsGitWritersServiceRef } from './gitWritersServiceRef';
export { registerDeploymentActions } from './registerDeploymentActions';
export { ActionRequestError, toActionRequestError } from './errors';
export type { ClusterActionWriterLike } from './clusterWriter';
