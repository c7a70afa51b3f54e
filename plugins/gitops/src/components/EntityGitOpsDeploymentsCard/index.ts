export { EntityGitOpsDeploymentsCard } from './EntityGitOpsDeploymentsCard';
