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
    accessRestrictions?: unknown;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') {
    // Two tokens of one subject may be restricted differently.
    return `service:${principal.subject}:${JSON.stringify(
      principal.accessRestrictions ?? null,
    )}`;
  }
  return undefined;
}

/** Distinguishes scopes that must never share a memo entry. */
let scopeSerial = 0;

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
  private readonly decisions = new Map<
    string,
    { at: number; all: Promise<boolean> }
  >();

  constructor(private readonly options: EntityReadAccessOptions) {}

  /**
   * Whether the caller may read every entity. Costs one (cached) permission
   * decision and never a catalog read, so entity page views can ask it.
   */
  canReadAll(credentials: BackstageCredentials): Promise<boolean> {
    const key = principalKey(credentials);
    if (!key) return this.decide(credentials);
    return this.cached(this.decisions, key, () => ({
      all: this.decide(credentials),
    })).all;
  }

  /** The entities the caller may read, for the fleet. */
  scope(credentials: BackstageCredentials): Promise<ReadScope> {
    const key = principalKey(credentials);
    // Without a principal there is nothing to key a cache on.
    if (!key) return this.resolve(credentials);
    return this.cached(this.cache, key, () => ({
      scope: this.resolve(credentials),
    })).scope;
  }

  private cached<T extends { at: number }>(
    map: Map<string, T>,
    key: string,
    make: () => Omit<T, 'at'>,
  ): T {
    const ttl = this.options.ttlMs ?? 5000;
    const now = Date.now();
    const hit = map.get(key);
    if (hit && now - hit.at < ttl) return hit;
    if (map.size >= 1000) {
      for (const [k, v] of map) if (now - v.at >= ttl) map.delete(k);
      if (map.size >= 1000) map.clear();
    }
    const entry = { ...make(), at: now } as T;
    map.set(key, entry);
    for (const value of Object.values(entry) as unknown[]) {
      if (value instanceof Promise) value.catch(() => map.delete(key));
    }
    return entry;
  }

  private async decide(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async resolve(credentials: BackstageCredentials): Promise<ReadScope> {
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
            ? {
                cursor,
                fields: ['kind', 'metadata.namespace', 'metadata.name'],
                limit: 1000,
              }
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
    scopeSerial += 1;
    return { all: false, refs, key: `scope-${scopeSerial}` };
  }
}
