import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Rolls a deployment back through Git (a revert as a pull request or commit).
 * A resource permission on the catalog entity, so policies can use
 * conditions such as `isEntityOwner`.
 *
 * @public
 */
export const gitopsDeploymentRollbackPermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'gitops.deployment.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Requests a sync or reconcile of a deployment's custom resource.
 *
 * @public
 */
export const gitopsDeploymentSyncPermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'gitops.deployment.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission the GitOps plugin defines.
 *
 * @public
 */
export const gitopsPermissions = [
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
];
