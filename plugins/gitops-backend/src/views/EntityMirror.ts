import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { GITOPS_ANNOTATIONS } from '@gitops-console/plugin-gitops-common';
import { userKeyedRecord } from '../cluster/plainRecord';

/** Annotations that make an entity a GitOps entity. */
export const LOCATOR_ANNOTATIONS = [
  GITOPS_ANNOTATIONS.argocdAppName,
  GITOPS_ANNOTATIONS.argocdAppSelector,
  GITOPS_ANNOTATIONS.kubernetesId,
  GITOPS_ANNOTATIONS.kubernetesLabelSelector,
];

/** Whether an entity names CD resources: the mirror holds exactly these. */
export function hasLocatorAnnotation(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return LOCATOR_ANNOTATIONS.some(a => annotations[a] !== undefined);
}

/** Only what views and the fleet read, so 10,000 entities stay small. */
const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.etag',
  'metadata.annotations',
  'metadata.tags',
  'spec.owner',
  'spec.system',
  'spec.lifecycle',
  'spec.type',
];

const KEPT_ANNOTATIONS = new Set<string>(Object.values(GITOPS_ANNOTATIONS));

/** Drops annotations no view reads (some catalogs carry large ones). */
export function slimEntity(entity: Entity): Entity {
  // Copied into an object of our own hidden classes (cluster/plainRecord).
  const annotations = userKeyedRecord() as Record<string, string>;
  for (const [k, v] of Object.entries(entity.metadata.annotations ?? {})) {
    if (KEPT_ANNOTATIONS.has(k)) annotations[k] = v;
  }
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace ?? 'default',
      ...(entity.metadata.title && { title: entity.metadata.title }),
      ...(entity.metadata.etag && { etag: entity.metadata.etag }),
      ...(entity.metadata.tags && { tags: entity.metadata.tags }),
      annotations,
    },
    spec: {
      ...(spec.owner !== undefined && { owner: spec.owner }),
      ...(spec.system !== undefined && { system: spec.system }),
      ...(spec.lifecycle !== undefined && { lifecycle: spec.lifecycle }),
      ...(spec.type !== undefined && { type: spec.type }),
    },
  };
}

/** Whether two slim entities differ in anything a view reads. */
function sameEntity(a: Entity, b: Entity) {
  if (a.metadata.etag && b.metadata.etag) {
    return a.metadata.etag === b.metadata.etag;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

export type EntityChange =
  | { type: 'upsert'; entityRef: string; entity: Entity }
  | { type: 'delete'; entityRef: string };

export interface EntityMirrorOptions {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Seconds between two full reads of the catalog. */
  refreshSeconds: number;
  pageSize?: number;
}

/**
 * The catalog entities that carry GitOps annotations, kept in memory with
 * the fields views and the fleet read. The catalog publishes no entity
 * change events, so it is read in full at start and then every
 * `refreshSeconds` (paged, with the plugin's own credentials), and the
 * difference is passed on. An entity asked for before the next read is
 * added at once through {@link EntityMirror.admit}.
 */
export class EntityMirror {
  private readonly entities = new Map<string, Entity>();
  private readonly lowerCase = new Map<string, string>();
  private readonly listeners = new Set<(change: EntityChange) => void>();
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private loaded = false;
  private running?: Promise<void>;
  private startedAt = 0;
  private lastReadAt = 0;

  constructor(private readonly options: EntityMirrorOptions) {}

  get isLoaded() {
    return this.loaded;
  }

  get size() {
    return this.entities.size;
  }

  get(entityRef: string): Entity | undefined {
    return this.entities.get(entityRef);
  }

  /** Looks an entity up the way the catalog does: case-insensitively. */
  lookup(entityRef: string): Entity | undefined {
    const ref = this.lowerCase.get(entityRef.toLocaleLowerCase('en-US'));
    return ref ? this.entities.get(ref) : undefined;
  }

  all(): IterableIterator<[string, Entity]> {
    return this.entities.entries();
  }

  onChange(listener: (change: EntityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start() {
    this.stopped = false;
    this.startedAt = Date.now();
    await this.refresh();
    this.schedule();
  }

  /**
   * Reads again in the background when the last read is older than `ms`
   * (the fleet page asks, so a newly registered entity shows soon).
   */
  refreshIfOlderThan(ms: number) {
    if (Date.now() - this.lastReadAt > ms) void this.refresh();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule() {
    if (this.stopped) return;
    // Right after start the catalog is often still ingesting its locations
    // (or not answering yet): read often at first, then at the set pace.
    const warmingUp = !this.loaded || Date.now() - this.startedAt < 120_000;
    const seconds = warmingUp
      ? Math.min(5, this.options.refreshSeconds)
      : this.options.refreshSeconds;
    this.timer = setTimeout(async () => {
      await this.refresh();
      this.schedule();
    }, seconds * 1000);
    this.timer.unref?.();
  }

  /** Reads the catalog once; concurrent callers share the read. */
  refresh(): Promise<void> {
    this.running ??= this.read().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Adds or updates one entity the caller has just read from the catalog
   * with its own credentials (a page view of an entity newer than the last
   * read). Returns true when it was new or changed.
   */
  admit(entity: Entity): boolean {
    if (!hasLocatorAnnotation(entity)) return false;
    const slim = slimEntity(entity);
    const ref = stringifyEntityRef(slim);
    const old = this.entities.get(ref);
    if (old && sameEntity(old, slim)) return false;
    this.set(ref, slim);
    this.emit({ type: 'upsert', entityRef: ref, entity: slim });
    return true;
  }

  private async read() {
    const { catalog, auth, logger } = this.options;
    // Counted from the attempt, so a failing catalog is not asked again on
    // every fleet query.
    this.lastReadAt = Date.now();
    let credentials: BackstageCredentials;
    try {
      credentials = await auth.getOwnServiceCredentials();
      const seen = new Map<string, Entity>();
      let cursor: string | undefined;
      do {
        const page = await catalog.queryEntities(
          cursor
            ? { cursor, fields: FIELDS, limit: this.options.pageSize ?? 500 }
            : {
                filter: LOCATOR_ANNOTATIONS.map(a => ({
                  [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS,
                })),
                fields: FIELDS,
                limit: this.options.pageSize ?? 500,
              },
          { credentials },
        );
        for (const item of page.items) {
          const slim = slimEntity(item);
          seen.set(stringifyEntityRef(slim), slim);
        }
        cursor = page.pageInfo.nextCursor;
      } while (cursor && !this.stopped);
      this.apply(seen);
      this.loaded = true;
    } catch (error) {
      // Keep what we have: a catalog hiccup must not empty every view.
      logger.warn(
        `GitOps: cannot read the catalog's GitOps entities, keeping the last read: ${error}`,
      );
    }
  }

  private apply(seen: Map<string, Entity>) {
    for (const ref of [...this.entities.keys()]) {
      if (!seen.has(ref)) {
        this.entities.delete(ref);
        this.lowerCase.delete(ref.toLocaleLowerCase('en-US'));
        this.emit({ type: 'delete', entityRef: ref });
      }
    }
    for (const [ref, entity] of seen) {
      const old = this.entities.get(ref);
      if (old && sameEntity(old, entity)) continue;
      this.set(ref, entity);
      this.emit({ type: 'upsert', entityRef: ref, entity });
    }
  }

  private set(ref: string, entity: Entity) {
    this.entities.set(ref, entity);
    this.lowerCase.set(ref.toLocaleLowerCase('en-US'), ref);
  }

  private emit(change: EntityChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.logger.warn(`GitOps entity listener failed: ${error}`);
      }
    }
  }
}
