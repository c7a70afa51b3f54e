export { GitOpsTab } from './GitOpsTab';
