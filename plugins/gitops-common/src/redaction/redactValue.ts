import { redactText, redactUrl } from './redactUrl';

// Fields that hold one repository or artifact URL, possibly in scp form
// (`user:pass@host:path`), which free-text redaction does not recognise.
const URL_FIELDS = new Set(['repoURL', 'repoUrl', 'url', 'reference']);

/**
 * Returns a copy of a JSON-like value (an API answer, a signal, log
 * metadata) with credentials removed from every string in it: URL fields
 * are redacted as URLs, every other string as free text. Values without
 * credentials come back equal; the input is not changed.
 *
 * @public
 */
export function redactValue<T>(value: T): T {
  return redactAt(value, undefined) as T;
}

function redactAt(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    return key !== undefined && URL_FIELDS.has(key)
      ? redactText(redactUrl(value))
      : redactText(value);
  }
  if (Array.isArray(value)) return value.map(v => redactAt(v, key));
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  // Errors from another realm (vm contexts, test environments) fail
  // `instanceof`; their tag does not.
  if (
    value instanceof Error ||
    Object.prototype.toString.call(value) === '[object Error]'
  ) {
    const error = value as Error;
    // Message and stack are not enumerable: copied by hand, redacted.
    const copy = new Error(redactText(error.message));
    copy.name = error.name;
    copy.stack =
      error.stack === undefined ? undefined : redactText(error.stack);
    return copy;
  }
  const result: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) result[k] = redactAt(v, k);
  return result;
}
