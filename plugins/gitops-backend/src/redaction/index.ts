export { redactDeployment } from './redactDeployment';
export { redactError } from './redactError';
export { redactingLogger } from './redactingLogger';
