import {
  DRIFT_STATES,
  type FleetQuery,
  type FleetSortField,
  type HealthStatus,
} from '@gitops-console/plugin-gitops-common';

export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
export const TOOLS = ['argocd', 'flux'] as const;
export const SORT_FIELDS: readonly FleetSortField[] = [
  'entity',
  'environment',
  'cluster',
  'driftState',
  'health',
  'lastSyncedAt',
];
export const PAGE_SIZES = [25, 50, 100] as const;

/** The fleet page's defaults: most serious drift first, 25 rows a page. */
export const DEFAULT_FLEET_QUERY: Required<
  Pick<FleetQuery, 'sort' | 'order' | 'limit' | 'offset'>
> = { sort: 'driftState', order: 'asc', limit: 25, offset: 0 };

/** The filters a user sets on the fleet page (not sorting or paging). */
export const FILTER_KEYS = [
  'driftState',
  'health',
  'cluster',
  'environment',
  'owner',
  'system',
  'tool',
] as const;
export type FleetFilterKey = (typeof FILTER_KEYS)[number];

function list<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed?: readonly T[],
): T[] | undefined {
  const values = params
    .getAll(key)
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(v => v && (!allowed || allowed.includes(v as T)));
  return values.length ? (values as T[]) : undefined;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]) {
  return value && allowed.includes(value as T) ? (value as T) : undefined;
}

function nonNegativeInt(value: string | null): number | undefined {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Reads the fleet page's state from the URL, so a filtered view can be
 * shared and survives a reload. Unknown values are ignored.
 */
export function readFleetQuery(params: URLSearchParams): FleetQuery {
  const limit = nonNegativeInt(params.get('limit'));
  return {
    driftState: list(params, 'driftState', DRIFT_STATES),
    health: list(params, 'health', HEALTH_STATUSES),
    cluster: list(params, 'cluster'),
    environment: list(params, 'environment'),
    owner: list(params, 'owner'),
    system: list(params, 'system'),
    tool: list(params, 'tool', TOOLS),
    search: params.get('search') || undefined,
    sort: oneOf(params.get('sort'), SORT_FIELDS) ?? DEFAULT_FLEET_QUERY.sort,
    order:
      oneOf(params.get('order'), ['asc', 'desc'] as const) ??
      DEFAULT_FLEET_QUERY.order,
    limit: PAGE_SIZES.includes(limit as any)
      ? limit
      : DEFAULT_FLEET_QUERY.limit,
    offset: nonNegativeInt(params.get('offset')) ?? 0,
  };
}

/** The URL form of a fleet query, leaving out defaults and empty filters. */
export function writeFleetQuery(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of query[key] ?? []) params.append(key, value);
  }
  if (query.search) params.set('search', query.search);
  if (query.sort && query.sort !== DEFAULT_FLEET_QUERY.sort) {
    params.set('sort', query.sort);
  }
  if (query.order && query.order !== DEFAULT_FLEET_QUERY.order) {
    params.set('order', query.order);
  }
  if (query.limit && query.limit !== DEFAULT_FLEET_QUERY.limit) {
    params.set('limit', String(query.limit));
  }
  if (query.offset) params.set('offset', String(query.offset));
  return params;
}

/** Whether any filter or search narrows the view. */
export function hasFilters(query: FleetQuery): boolean {
  return !!query.search || FILTER_KEYS.some(k => (query[k]?.length ?? 0) > 0);
}
