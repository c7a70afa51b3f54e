import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LOCATOR_ANNOTATIONS } from '../views/EntityMirror';

/** Which GitOps entities a caller may read. */
export type ReadScope =
  | { all: true }
  | { all: false; refs: Set<string>; key: string };

export interface EntityReadAccessOptions {
  permissions: PermissionsService;
  catalog: CatalogService;
  /** How long one caller's scope is reused; a policy change shows after it. */
  ttlMs?: number;
}

function principalKey(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return undefined;
}

/**
 * Whether a caller may read entities, answered without reading the catalog
 * when the permission policy allows `catalog.entity.read` outright (the
 * common case). Only a conditional decision (for example "owned entities
 * only") asks the catalog which GitOps entities the caller sees, with the
 * caller's own credentials, so the catalog applies the policy itself. The
 * scope is kept per principal for a few seconds.
 */
export class EntityReadAccess {
  private readonly cache = new Map<
    string,
    { at: number; scope: Promise<ReadScope> }
  >();

  constructor(private readonly options: EntityReadAccessOptions) {}

  scope(credentials: BackstageCredentials): Promise<ReadScope> {
    const key = principalKey(credentials);
    const ttl = this.options.ttlMs ?? 5000;
    const cached = key ? this.cache.get(key) : undefined;
    if (cached && Date.now() - cached.at < ttl) return cached.scope;
    const scope = this.resolve(credentials, key ?? 'anonymous');
    if (key) {
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(key, { at: Date.now(), scope });
      scope.catch(() => this.cache.delete(key));
    }
    return scope;
  }

  private async resolve(
    credentials: BackstageCredentials,
    key: string,
  ): Promise<ReadScope> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return { all: true };
    const refs = new Set<string>();
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      let cursor: string | undefined;
      do {
        const page = await this.options.catalog.queryEntities(
          cursor
            ? { cursor, limit: 1000 }
            : {
                filter: LOCATOR_ANNOTATIONS.map(a => ({
                  [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
                })),
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
                limit: 1000,
              },
          { credentials },
        );
        for (const item of page.items) refs.add(stringifyEntityRef(item));
        cursor = page.pageInfo.nextCursor;
      } while (cursor);
    }
    return { all: false, refs, key: `${key}@${Date.now()}` };
  }
}
