import { InputError } from '@backstage/errors';
import type {
  DriftState,
  FleetQuery,
  FleetSortField,
  HealthStatus,
} from '@gitops-console/plugin-gitops-common';

type Query = Record<string, unknown>;

/** A list from `?a=x&a=y` or `?a=x,y`, trimmed, empty items dropped. */
function list(query: Query, key: string): string[] | undefined {
  const raw = query[key];
  const given = raw === undefined ? [] : [raw];
  const values = (Array.isArray(raw) ? raw : given)
    .flatMap(v => String(v).split(','))
    .map(v => v.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

function oneOf<T extends string>(
  key: string,
  values: string[] | undefined,
  allowed: readonly T[],
) {
  for (const v of values ?? []) {
    if (!allowed.includes(v as T)) {
      throw new InputError(
        `Invalid ${key} '${v}'; expected one of ${allowed.join(', ')}`,
      );
    }
  }
  return values as T[] | undefined;
}

export function parseLimit(
  raw: unknown,
  options: { fallback: number; max: number },
): number {
  if (raw === undefined) return options.fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > options.max) {
    throw new InputError(
      `Invalid limit '${raw}'; expected an integer from 1 to ${options.max}`,
    );
  }
  return n;
}

function parseOffset(raw: unknown): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new InputError(
      `Invalid offset '${raw}'; expected a non-negative integer`,
    );
  }
  return n;
}

const HEALTH: readonly HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const SORT: readonly FleetSortField[] = [
  'entity',
  'environment',
  'cluster',
  'driftState',
  'health',
  'lastSyncedAt',
];

/** Parses and validates the fleet query's parameters (400 on bad input). */
export function parseFleetQuery(
  query: Query,
  driftStates: readonly DriftState[],
): FleetQuery {
  const [sort] = oneOf('sort', list(query, 'sort'), SORT) ?? [];
  const [order] =
    oneOf('order', list(query, 'order'), ['asc', 'desc'] as const) ?? [];
  return {
    driftState: oneOf('driftState', list(query, 'driftState'), driftStates),
    health: oneOf('health', list(query, 'health'), HEALTH),
    cluster: list(query, 'cluster'),
    environment: list(query, 'environment'),
    tool: oneOf('tool', list(query, 'tool'), ['argocd', 'flux'] as const),
    owner: list(query, 'owner'),
    system: list(query, 'system'),
    lifecycle: list(query, 'lifecycle'),
    type: list(query, 'type'),
    tag: list(query, 'tag'),
    search: typeof query.search === 'string' ? query.search : undefined,
    sort,
    order,
    limit: parseLimit(query.limit, { fallback: 50, max: 500 }),
    offset: parseOffset(query.offset),
  };
}
