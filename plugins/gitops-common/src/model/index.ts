export * from './deployment';
export * from './revision';
export * from './drift';
export * from './argocd';
export * from './flux';
