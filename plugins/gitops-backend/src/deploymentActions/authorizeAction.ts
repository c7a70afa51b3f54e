import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  gitopsDeploymentRollbackPermission,
  gitopsDeploymentSyncPermission,
  isGitActionType,
  type ActionPermissionDecision,
  type ActionPermissionsResponse,
  type GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import { notAllowed } from './errors';

type Family = 'rollback' | 'sync';

const PERMISSIONS: Record<Family, ResourcePermission<'catalog-entity'>> = {
  rollback: gitopsDeploymentRollbackPermission,
  sync: gitopsDeploymentSyncPermission,
};

const VERBS: Record<Family, string> = {
  rollback: 'roll it back',
  sync: 'sync or reconcile it',
};

export const familyOf = (type: GitOpsActionType): Family =>
  isGitActionType(type) ? 'rollback' : 'sync';

/** The owner refs of an entity: its ownedBy relations, else spec.owner. */
function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ),
    ];
  } catch {
    return [];
  }
}

/** Why a policy said no, in words for a tooltip and a 403 body. */
export function deniedReason(entity: Entity, family: Family): string {
  const ref = stringifyEntityRef(entity);
  const owners = ownersOf(entity);
  return owners.length
    ? `Only owners of ${ref} (${owners.join(', ')}) may ${VERBS[family]}`
    : `The permission policy does not allow you to ${VERBS[family]} (${ref})`;
}

/**
 * The permission checks of the actions: `gitops.deployment.rollback` for
 * rollback and revert-commit, `gitops.deployment.sync` for the cluster
 * actions, both resource permissions on the catalog entity. Asked with the
 * entity's ref, so the permission framework resolves conditional decisions
 * (`isEntityOwner`) against the catalog itself.
 */
export class ActionAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** Throws a 403 with the reason when the caller may not do `type` on the entity. */
  async authorize(
    credentials: BackstageCredentials,
    entity: Entity,
    type: GitOpsActionType,
  ): Promise<void> {
    const family = familyOf(type);
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: PERMISSIONS[family],
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw notAllowed(deniedReason(entity, family));
    }
  }

  /**
   * What pages show: `never` when no decision could allow the caller
   * anything (the unconditional answer is DENY), else the decision for this
   * entity, with the reason when denied.
   */
  async decisions(
    credentials: BackstageCredentials,
    entity: Entity,
  ): Promise<ActionPermissionsResponse> {
    const families: Family[] = ['rollback', 'sync'];
    const general = await this.permissions.authorizeConditional(
      families.map(f => ({ permission: PERMISSIONS[f] })),
      { credentials },
    );
    const specific = await this.permissions.authorize(
      families.map(f => ({
        permission: PERMISSIONS[f],
        resourceRef: stringifyEntityRef(entity),
      })),
      { credentials },
    );
    const decide = (i: number): ActionPermissionDecision => {
      if (general[i].result === AuthorizeResult.DENY)
        return { result: 'never' };
      if (specific[i].result === AuthorizeResult.ALLOW) {
        return { result: 'allowed' };
      }
      return { result: 'denied', reason: deniedReason(entity, families[i]) };
    };
    return { rollback: decide(0), sync: decide(1) };
  }
}
