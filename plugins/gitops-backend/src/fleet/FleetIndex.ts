import {
  DRIFT_STATES,
  type DriftState,
  type EntityDeploymentsResponse,
  type FleetDeployment,
  type FleetFacets,
  type FleetQuery,
  type FleetResponse,
  redactText,
} from '@gitops-console/plugin-gitops-common';
import type { Entity } from '@backstage/catalog-model';
import type { ReadScope } from '../access/EntityReadAccess';
import { fleetFacets } from './fleetFacets';
import {
  FLEET_SORT_KEYS,
  fleetCatalogFields,
  matchesFleetQuery,
  toFleetRow,
} from './fleetRows';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const MEMO_SIZE = 64;

interface EntityRows {
  rows: FleetDeployment[];
  staleReasons: string[];
}

/**
 * Every deployment of every GitOps entity as a fleet row, kept in step with
 * the views (a row set is replaced when its entity's answer changes).
 * Queries filter, sort, count and page these rows in memory; identical
 * queries between two changes are answered from a small memo.
 */
export class FleetIndex {
  private readonly byEntity = new Map<string, EntityRows>();
  private readonly errors = new Map<string, string>();
  private version = 0;
  private flat?: FleetDeployment[];
  private memo = new Map<string, FleetResponse>();
  private memoVersion = -1;

  /** Replaces an entity's rows (undefined: the entity is gone). */
  update(
    entityRef: string,
    entity: Entity | undefined,
    answer: EntityDeploymentsResponse | undefined,
  ) {
    this.errors.delete(entityRef);
    if (!entity || !answer) this.byEntity.delete(entityRef);
    else {
      const fields = fleetCatalogFields(entity);
      this.byEntity.set(entityRef, {
        rows: answer.deployments.map(d => toFleetRow(entity, d, fields)),
        staleReasons: answer.staleReasons ?? [],
      });
    }
    this.changed();
  }

  /** An entity whose annotations cannot be used; the fleet names it. */
  setError(entityRef: string, message: string) {
    this.byEntity.delete(entityRef);
    // Annotation values are quoted in the message and may hold credentials.
    this.errors.set(entityRef, redactText(message));
    this.changed();
  }

  get size() {
    return this.rows().length;
  }

  private changed() {
    this.version += 1;
    this.flat = undefined;
  }

  private rows(): FleetDeployment[] {
    this.flat ??= [...this.byEntity.values()].flatMap(e => e.rows);
    return this.flat;
  }

  query(q: FleetQuery, scope: ReadScope): FleetResponse {
    if (this.memoVersion !== this.version) {
      this.memo.clear();
      this.memoVersion = this.version;
    }
    const key = `${scope.all ? '*' : scope.key}|${JSON.stringify(q)}`;
    const memoised = this.memo.get(key);
    if (memoised) return { ...memoised, observedAt: new Date().toISOString() };
    const answer = this.compute(q, scope);
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(key, answer);
    return answer;
  }

  /** Every row the query's filters match, unsorted and unpaged. */
  select(q: FleetQuery, scope: ReadScope): FleetDeployment[] {
    return this.rows().filter(
      row =>
        (scope.all || scope.refs.has(row.entityRef)) &&
        matchesFleetQuery(q, row, true) &&
        (!q.driftState?.length || q.driftState.includes(row.drift.state)),
    );
  }

  private compute(q: FleetQuery, scope: ReadScope): FleetResponse {
    const readable = scope.all
      ? this.rows()
      : this.rows().filter(r => scope.refs.has(r.entityRef));

    const totals = Object.fromEntries(DRIFT_STATES.map(s => [s, 0])) as Record<
      DriftState,
      number
    >;
    const filtered: FleetDeployment[] = [];
    for (const row of readable) {
      if (!matchesFleetQuery(q, row, true)) continue;
      totals[row.drift.state] += 1;
      if (!q.driftState?.length || q.driftState.includes(row.drift.state)) {
        filtered.push(row);
      }
    }

    const sortKey =
      FLEET_SORT_KEYS[q.sort ?? 'entity'] ?? FLEET_SORT_KEYS.entity;
    const direction = q.order === 'desc' ? -1 : 1;
    const keyed = filtered.map(row => ({ row, key: sortKey(row) }));
    keyed.sort((a, b) => {
      if (a.key !== b.key) return a.key < b.key ? -direction : direction;
      if (a.row.id === b.row.id) return 0;
      return a.row.id < b.row.id ? -1 : 1;
    });

    const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const offset = Math.max(0, q.offset ?? 0);
    const staleReasons = this.staleReasons(scope);
    return {
      observedAt: new Date().toISOString(),
      items: keyed.slice(offset, offset + limit).map(k => k.row),
      totalItems: filtered.length,
      totals,
      offset,
      limit,
      facets: this.facets(readable),
      ...(staleReasons.length > 0 && { stale: true, staleReasons }),
    };
  }

  private facets(readable: FleetDeployment[]): FleetFacets {
    return fleetFacets(readable);
  }

  private staleReasons(scope: ReadScope): string[] {
    const reasons = new Set<string>();
    for (const [ref, entry] of this.byEntity) {
      if (!scope.all && !scope.refs.has(ref)) continue;
      entry.staleReasons.forEach(r => reasons.add(r));
    }
    for (const [ref, message] of this.errors) {
      if (!scope.all && !scope.refs.has(ref)) continue;
      // One entity with a bad annotation must not hide the fleet.
      reasons.add(`${ref}: ${message}`);
    }
    return [...reasons];
  }
}
