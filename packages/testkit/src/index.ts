/**
 * The real test environment for GitOps Console: kube-apiserver + etcd with
 * the official Argo CD and Flux CRDs, Git over smart HTTP, a GitHub REST
 * facade checked against GitHub's OpenAPI description, and PostgreSQL.
 *
 * @packageDocumentation
 */

export { startTestEnvironment } from './kube/testEnvironment';
export type {
  TestEnvironment,
  TestEnvironmentOptions,
} from './kube/testEnvironment';
export { locateKubeBinaries } from './kube/binaries';
export type { KubeBinaries } from './kube/binaries';
export { OFFICIAL_CRDS_DIR, listCrdFiles, loadCrds } from './kube/crds';
export type { KubeObject, StoredObject } from './kube/resources';
export type {
  PolicyRule,
  ServiceAccountIdentity,
  ServiceAccountTokenOptions,
} from './kube/serviceAccounts';
export { KubeApiError } from './kube/kubeRestClient';
export {
  createCertificateAuthority,
  issueServingCertificate,
} from './kube/pki';
export type { CertificateAndKey } from './kube/pki';
export { ManagedProcess } from './process/managedProcess';
export type { ManagedProcessOptions } from './process/managedProcess';
export { freePort } from './process/freePort';
export { waitFor } from './process/waitFor';
export { startFaultProxy } from './net/faultProxy';
export type {
  FaultMode,
  FaultProxy,
  FaultProxyOptions,
} from './net/faultProxy';

export { startGitServer } from './git/gitServer';
export type { GitServer, GitServerOptions } from './git/gitServer';
export { ScriptedRepository } from './git/scriptedRepository';
export type {
  LoggedCommit,
  ScriptedCommit,
  ScriptedMerge,
  ScriptedTag,
} from './git/scriptedRepository';
export type { GitIdentity } from './git/gitRepository';
export { runGit } from './git/runGit';

export { startGitHubFacade } from './github/gitHubFacade';
export type {
  GitHubFacade,
  GitHubFacadeOptions,
  ServedResponse,
} from './github/gitHubFacade';
export type { Fault } from './github/faults';
export { GitHubOpenApiValidator } from './github/openapiValidator';
export type { ValidationResult } from './github/openapiValidator';

export {
  startPostgres,
  findPostgres,
  ensurePostgresInstalled,
} from './postgres/startPostgres';
export type { PostgresServer } from './postgres/startPostgres';

export { startRedis, findRedis, redisCommand } from './redis/startRedis';
export type { RedisServer, RedisReply } from './redis/startRedis';
