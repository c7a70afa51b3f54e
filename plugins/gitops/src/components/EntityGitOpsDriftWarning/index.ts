export { EntityGitOpsDriftWarning } from './EntityGitOpsDriftWarning';
