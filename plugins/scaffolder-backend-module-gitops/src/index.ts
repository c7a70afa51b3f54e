/**
 * Scaffolder actions that create new GitOps apps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitOps as default } from './module';
export { createArgoCdApplicationAction } from './actions/createArgoCdApplication';
