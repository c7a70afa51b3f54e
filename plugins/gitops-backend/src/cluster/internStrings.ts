/*
 * One copy of each short string across every stored resource. Watched
 * objects repeat the same values thousands of times: kinds, namespaces,
 * statuses, repository URLs, the same revision in sync, operation and
 * history. JSON.parse gives each occurrence its own copy; sharing them is
 * a large part of what projection saves (docs/clusters.md, Memory).
 */

/** Longer strings (messages) are rarely repeated; they stay as they are. */
const MAX_LENGTH = 100;
/** Bounds the table itself; past it, new strings are simply not shared. */
const MAX_ENTRIES = 200_000;

const table = new Map<string, string>();

function intern(value: string): string {
  if (value.length > MAX_LENGTH) return value;
  const known = table.get(value);
  if (known !== undefined) return known;
  if (table.size < MAX_ENTRIES) table.set(value, value);
  return value;
}

/** Replaces, in place, every short string in a JSON tree by its shared copy. */
export function internStrings<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      value[i] = typeof item === 'string' ? intern(item) : internStrings(item);
    }
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      record[key] =
        typeof item === 'string' ? intern(item) : internStrings(item);
    }
  }
  return value;
}
