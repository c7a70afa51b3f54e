import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type Permission,
} from '@backstage/plugin-permission-common';

/**
 * A permission service deciding as a policy "owners may act, others may
 * not" does once the framework has resolved its `isEntityOwner` condition:
 * unconditionally the GitOps permissions are CONDITIONAL for users (DENY
 * for those in `never`), and for a given entity ALLOW only when the user
 * is one of its owners. Everything else (catalog reads) is allowed.
 */
export function ownerPolicy(options: {
  /** Entity ref → the user refs that own it (through their groups). */
  owners: Record<string, string[]>;
  /** Users no policy would ever allow to act. */
  never?: string[];
}) {
  const calls: Array<{
    permission: string;
    resourceRef?: string;
    user?: string;
  }> = [];
  const userOf = (credentials: BackstageCredentials) =>
    (credentials.principal as { userEntityRef?: string }).userEntityRef;
  const isGitops = (permission: Permission) =>
    permission.name.startsWith('gitops.');
  const decide = (
    permission: Permission,
    resourceRef: string | undefined,
    credentials: BackstageCredentials,
  ) => {
    const user = userOf(credentials);
    calls.push({ permission: permission.name, resourceRef, user });
    if (!isGitops(permission)) return AuthorizeResult.ALLOW;
    if (!user || options.never?.includes(user)) return AuthorizeResult.DENY;
    if (!resourceRef) return AuthorizeResult.DENY;
    return options.owners[resourceRef]?.includes(user)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
  return {
    calls,
    factory: createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => ({
        authorize: async (requests: any[], { credentials }: any) =>
          requests.map(r => ({
            result: decide(r.permission, r.resourceRef, credentials),
          })) as any,
        authorizeConditional: async (requests: any[], { credentials }: any) =>
          requests.map(r => {
            const user = userOf(credentials);
            if (!isGitops(r.permission))
              return { result: AuthorizeResult.ALLOW };
            if (!user || options.never?.includes(user)) {
              return { result: AuthorizeResult.DENY };
            }
            return {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: isResourcePermission(r.permission)
                ? r.permission.resourceType
                : 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [user] },
              },
            };
          }) as any,
      }),
    }),
  };
}
