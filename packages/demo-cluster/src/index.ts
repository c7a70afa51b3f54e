/**
 * The embedded default for the GitOps Console demo: a Kubernetes API server
 * for Argo CD and Flux objects, simulated controllers, and demo Git
 * repositories served over HTTP.
 *
 * @packageDocumentation
 */
export { startDemoCluster } from './startDemoCluster';
export type { DemoCluster, DemoClusterOptions } from './startDemoCluster';
export { startKubeApiServer } from './api/kubeApiServer';
export type { KubeApiServer, KubeApiServerOptions } from './api/kubeApiServer';
export { DEFAULT_USERS } from './api/auth';
export type { ApiUser } from './api/auth';
export { Cluster } from './store/cluster';
export { loadResourceTypes } from './crd/loadCrds';
export type { ResourceType } from './crd/resourceType';
export type { KubeObject } from './store/kubeObject';
export { ENVIRONMENTS } from './content/environments';
export type { Environment } from './content/environments';
export { startGitHttpServer } from './git/gitHttpServer';
export type { GitHttpServer } from './git/gitHttpServer';
