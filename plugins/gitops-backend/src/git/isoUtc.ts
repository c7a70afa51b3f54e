/**
 * An ISO 8601 time in UTC without milliseconds (`2024-01-06T10:00:00Z`), the
 * form GitHub answers with, so both providers give the same string for the
 * same commit. Undefined for a missing or unreadable time.
 */
export function isoUtc(time: string | undefined): string | undefined {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms)
    ? undefined
    : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
