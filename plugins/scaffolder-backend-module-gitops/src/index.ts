/**
 * Scaffolder actions that create new GitOps apps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitOps as default } from './module';
export { createAppRenderAction } from './actions/appRender';
export type { AppRenderActionOptions } from './actions/appRender';
export { createAppPublishAction } from './actions/appPublish';
export type { AppPublishActionOptions } from './actions/appPublish';
export { createArgoCdApplicationAction } from './actions/createArgoCdApplication';
