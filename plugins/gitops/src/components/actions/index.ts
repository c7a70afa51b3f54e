export { EntityActionsProvider } from './EntityActionsContext';
export { EntityActionsCard } from './EntityActionsCard';
export { DeploymentActions, CommitActions } from './DeploymentActions';
export { isRollbackTarget } from './rollbackTargets';
