import { redactText, redactUrl } from './redactUrl';

// Fields that hold one repository or artifact URL, possibly in scp form
// (`user:pass@host:path`), which free-text redaction does not recognise.
const URL_FIELDS = new Set(['repoURL', 'repoUrl', 'url', 'reference']);

/**
 * Returns a copy of a JSON-like value (an API answer, a signal, log
 * metadata) with credentials removed from every string in it: URL fields
 * are redacted as URLs, every other string as free text. Values without
 * credentials come back equal; the input is not changed. An object or
 * array that the input holds in several places is copied once, and the
 * copy is shared the same way (a deployment's source is also the first of
 * its sources, one commit is its deployed commit and a history entry's).
 *
 * @public
 */
export function redactValue<T>(value: T): T {
  return redactAt(value, undefined, new Map()) as T;
}

function redactAt(
  value: unknown,
  key: string | undefined,
  copies: Map<object, unknown>,
): unknown {
  if (typeof value === 'string') {
    const redacted =
      key !== undefined && URL_FIELDS.has(key)
        ? redactText(redactUrl(value))
        : redactText(value);
    // Unchanged: the input's string, which other objects may share, not
    // an equal new one.
    return redacted === value ? value : redacted;
  }
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
  // An array's strings are redacted by the key it is under (URL or
  // text), so its copy is shared per kind of key.
  const memoKey = URL_FIELDS.has(key ?? '') ? 'url' : 'text';
  let byKind = copies.get(value) as Record<string, unknown> | undefined;
  if (byKind && memoKey in byKind) return byKind[memoKey];
  if (!byKind) copies.set(value, (byKind = {}));
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    byKind[memoKey] = copy;
    for (const v of value) copy.push(redactAt(v, key, copies));
    return copy;
  }
  const result: Record<string, unknown> = {};
  byKind[memoKey] = result;
  for (const [k, v] of Object.entries(value))
    result[k] = redactAt(v, k, copies);
  return result;
}
