/**
 * The GitOps Console backend plugin.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
export { gitopsRepositoryWriterServiceFactory } from './gitWrites/repositoryWriterServiceFactory';
export { RepositoryFilesWriter } from './gitWrites/RepositoryFilesWriter';
export type { RepositoryFilesWriterOptions } from './gitWrites/RepositoryFilesWriter';
