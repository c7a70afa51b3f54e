/**
 * Extension points for GitOps Console backend modules.
 *
 * @packageDocumentation
 */
export * from './gitProvider';
export * from './clusterSource';
export * from './extensions';
export * from './repositoryWriter';
