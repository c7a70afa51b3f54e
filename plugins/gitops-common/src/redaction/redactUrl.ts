/**
 * Credential redaction for URLs, as found in custom resources, links, error
 * messages and log lines. Pure string surgery: the rest of a URL is kept
 * exactly as written (no host lower-casing, no added slash), so redacted
 * URLs still compare and display like the originals.
 *
 * Rules:
 * - `scheme://userinfo@host/...`: the whole user info is removed, user name
 *   included, because tokens are commonly passed as the user name
 *   (`https://ghp_xxx@github.com/...`).
 * - scp-like `user@host:path` (no scheme) keeps its user: it is an SSH login
 *   name such as `git`, not a secret. A user part holding a `:`
 *   (`user:pass@host:path`) is a password and is removed.
 * - Query and fragment parameters whose names are known to carry secrets
 *   (see {@link isSecretParameterName}) are removed.
 * - URLs inside a URL (`?redirect=https://u:p@host/`, a comma-joined list)
 *   are redacted too.
 * - When an unescaped `/`, `?` or `#` in a password cuts the authority
 *   short, everything up to the last `@` is user info.
 */

const SECRET_PARAMETER_NAMES = new Set([
  'access_token',
  'api_key',
  'apikey',
  'auth',
  'authorization',
  'client_secret',
  'code',
  'id_token',
  'key',
  'oauth_token',
  'passwd',
  'password',
  'private_token',
  'pwd',
  'refresh_token',
  'secret',
  'sig',
  'signature',
  'token',
]);

// AWS and Google signed URLs put credentials in every X-Amz-* / X-Goog-*
// parameter (Credential, Signature, Security-Token).
const SECRET_PARAMETER_PREFIXES = ['x-amz-', 'x-goog-'];

/**
 * Whether a query parameter name is known to carry a credential
 * (case-insensitive).
 *
 * @public
 */
export function isSecretParameterName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // A malformed escape is compared as written.
  }
  const lower = decoded.toLowerCase();
  return (
    SECRET_PARAMETER_NAMES.has(lower) ||
    SECRET_PARAMETER_PREFIXES.some(p => lower.startsWith(p))
  );
}

function withoutSecretParameters(params: string): string {
  // `?` and `#` inside the parameters (a URL nested in one, a second
  // fragment) start another parameter too (found by a property test).
  const parts = params.split(/([&?#])/);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (isSecretParameterName(parts[i].split('=', 1)[0])) continue;
    kept.push(kept.length === 0 ? '' : parts[i - 1] ?? '&', parts[i]);
  }
  return kept.join('');
}

// host, [IPv6] host, optional port: what an authority is without user info.
const PLAIN_AUTHORITY = /^(?:\[[^\]]*\]|[^:@[\]]*)(?::\d*)?$/;

const SCHEME_URL =
  /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is;

// user:pass@host:path, the scp-like form with a password in the user part.
const SCP_WITH_PASSWORD = /^[^@/\s:]*:[^@/\s]*@(?=[^:/\s]+:)/;

/**
 * Removes credentials from one URL: user info, and secret query or fragment
 * parameters. A value that is not a URL is returned unchanged.
 *
 * @public
 */
export function redactUrl(url: string): string {
  const match = SCHEME_URL.exec(url);
  if (!match) return url.replace(SCP_WITH_PASSWORD, '');
  // A URL holds no whitespace: this is several (`a, b`), each redacted.
  if (/\s/.test(url)) return redactText(url);
  const [, scheme, rawAuthority, path, query, fragment] = match;
  let authority = rawAuthority;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    authority = authority.slice(at + 1);
  } else if (!PLAIN_AUTHORITY.test(authority)) {
    // Not `host[:port]`: an unescaped `/`, `?` or `#` in a password ended
    // the authority early (`https://u:pa/ss@host/repo`). The user info runs
    // to the last `@`, since the password may hold `@` too (found by a
    // property test): a URL this malformed may lose some of its path
    // rather than keep part of a credential.
    const rest = url.slice(scheme.length);
    const last = rest.lastIndexOf('@');
    if (last >= 0) return redactUrl(scheme + rest.slice(last + 1));
  }
  let tail = path;
  if (query !== undefined) {
    const kept = withoutSecretParameters(query.slice(1));
    if (kept) tail += `?${kept}`;
  }
  if (fragment !== undefined) {
    const body = fragment.slice(1);
    // Only parameter-shaped fragments (`#access_token=...`) are filtered.
    const kept = body.includes('=') ? withoutSecretParameters(body) : body;
    if (kept || !body) tail += `#${kept}`;
  }
  // A URL inside this one (`?redirect=https://u:p@host/`, or URLs joined by
  // commas) would otherwise keep its credentials (found by a property test).
  return scheme + authority + (tail.includes('://') ? redactText(tail) : tail);
}

// A URL in prose: a scheme, `://`, and everything up to whitespace or a
// character that cannot be part of it unescaped.
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Splits punctuation that ends the sentence rather than the URL. */
function splitTrailing(candidate: string): [string, string] {
  let end = candidate.length;
  for (;;) {
    const last = candidate[end - 1];
    if (!last) break;
    if ('.,;:!?'.includes(last)) {
      end -= 1;
      continue;
    }
    const opener = CLOSERS[last];
    if (opener) {
      const head = candidate.slice(0, end);
      const opened = head.split(opener).length - 1;
      const closed = head.split(last).length - 1;
      if (closed > opened) {
        end -= 1;
        continue;
      }
    }
    break;
  }
  return [candidate.slice(0, end), candidate.slice(end)];
}

/**
 * Removes credentials from every URL inside a text, such as an error
 * message or a log line. Text that is not a URL (an e-mail address in
 * prose, say) is left alone.
 *
 * @public
 */
export function redactText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, candidate => {
    const [url, trailing] = splitTrailing(candidate);
    return redactUrl(url) + trailing;
  });
}
