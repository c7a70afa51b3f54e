import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
} from '@gitops-console/plugin-gitops-common';

/** The GitOps actions: they change what runs, so only owners may use them. */
const ownerOnly = [
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
];

/**
 * The demo's permission policy, and an example of what a platform team
 * writes: everyone may read; a service's GitOps actions (rollback, revert,
 * sync, refresh, reconcile, suspend, resume) are for its owners only.
 *
 * The owner rule is a conditional decision, so the catalog evaluates it
 * against the entity the action is for, with the caller's ownership claims
 * (the user and the groups they belong to). A request without a user, such
 * as another backend acting on its own, may not act.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const permission = ownerOnly.find(p => isPermission(request.permission, p));
    if (!permission) return { result: AuthorizeResult.ALLOW };

    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.length === 0) return { result: AuthorizeResult.DENY };
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims }),
    );
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
