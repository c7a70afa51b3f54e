/**
 * The GitOps Console backend plugin.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
export { gitopsRepositoryWriterServiceFactory } from './gitWrites/repositoryWriterServiceFactory';
