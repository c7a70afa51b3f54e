/**
 * GitOps Console frontend plugin.
 *
 * The default export is the plugin for the new frontend system; the named
 * exports serve apps on the legacy frontend system.
 *
 * @packageDocumentation
 */
export { gitopsFrontendPlugin as default } from './alpha/plugin';
export {
  gitopsPlugin,
  EntityGitOpsContent,
  EntityGitOpsDeploymentsCard,
  EntityGitOpsDriftWarning,
  GitOpsFleetPage,
} from './plugin';
export {
  gitopsApiRef,
  type GitOpsApi,
  type LedgerQuery,
} from './api/GitOpsApi';
export { GitOpsClient } from './api/GitOpsClient';
export { isGitOpsAvailable } from '@gitops-console/plugin-gitops-common';
