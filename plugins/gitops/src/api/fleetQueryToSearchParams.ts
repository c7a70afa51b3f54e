import type { FleetQuery } from '@gitops-console/plugin-gitops-common';

const LIST_KEYS = [
  'driftState',
  'health',
  'cluster',
  'environment',
  'tool',
  'owner',
  'system',
  'lifecycle',
  'type',
  'tag',
] as const;

/** `GET /deployments` parameters: lists as repeated keys, empty ones left out. */
export function fleetQueryToSearchParams(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    for (const value of query[key] ?? []) params.append(key, value);
  }
  if (query.search?.trim()) params.set('search', query.search.trim());
  if (query.sort) params.set('sort', query.sort);
  if (query.order) params.set('order', query.order);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  return params;
}

/**
 * A query string in which every character outside the unreserved set
 * (letters, digits, `-._~`) is percent-encoded. `URLSearchParams` leaves
 * `*` as is and writes spaces as `+`, which the backend's OpenAPI validator
 * refuses ("must be url encoded"); a search for `check*` must simply work.
 */
export function encodeSearchParams(params: URLSearchParams): string {
  const strict = (text: string) =>
    encodeURIComponent(text).replace(
      /[!'()*]/g,
      c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  return [...params]
    .map(([key, value]) => `${strict(key)}=${strict(value)}`)
    .join('&');
}
