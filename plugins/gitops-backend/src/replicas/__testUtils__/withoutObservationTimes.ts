/**
 * Times that say when this process observed something, which differ
 * between replicas that observed the same thing.
 */
const OBSERVATION_TIMES = new Set(['observedAt', 'lastSeenAt']);

/** A copy of a JSON answer without its observation times, at any depth. */
export function withoutObservationTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutObservationTimes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !OBSERVATION_TIMES.has(key))
      .map(([key, inner]) => [key, withoutObservationTimes(inner)]),
  );
}
