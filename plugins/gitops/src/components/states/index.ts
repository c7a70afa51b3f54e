export { AnnotationHelp } from './AnnotationHelp';
export { DeploymentsSkeleton } from './DeploymentsSkeleton';
export { describeError } from './describeError';
export { GitOpsErrorPanel } from './GitOpsErrorPanel';
export { LocatorProblemList, NoDeployments } from './NoDeployments';
export { StaleDataNotice } from './StaleDataNotice';
export { TableSkeleton } from './TableSkeleton';
export { ComputingNotice } from './ComputingNotice';
