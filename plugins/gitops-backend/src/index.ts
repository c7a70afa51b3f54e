/**
 * The GitOps Console backend plugin.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
export { gitopsRepositoryWriterServiceFactory } from './gitWrites/repositoryWriterServiceFactory';
export { RepositoryFilesWriter } from './gitWrites/RepositoryFilesWriter';
export type { RepositoryFilesWriterOptions } from './gitWrites/RepositoryFilesWriter';
// The ledger's table, for modules that add history the plugin did not
// observe (the demo's 30 days, an import from another tool): appends are
// idempotent by event key, as the plugin's own.
export { LedgerStore } from './ledger';
export type { LedgerEventInput } from './ledger';
