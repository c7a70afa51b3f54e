import { LruMap } from './LruMap';

/**
 * A repository URL as the Git providers use it.
 *
 * `key` identifies the repository (for caches and allow-list matching): the
 * scp-like and ssh forms become https, credentials, query, fragment, a
 * trailing slash and a trailing `.git` are dropped, scheme and host are
 * lower-cased. `fetchUrl` is what git talks to: the same but keeping `.git`,
 * because plain smart-HTTP servers serve the exact path.
 */
export interface RepoUrl {
  /** The URL as given, for callers; may hold credentials, so never logged. */
  readonly raw: string;
  readonly key: string;
  readonly fetchUrl: string;
  readonly scheme: 'https' | 'http' | 'file';
  /** Host with the port when it is not the default, e.g. `git.local:8080`. */
  readonly host: string;
  /** The path without leading slash, trailing slash or `.git`. */
  readonly path: string;
}

/** Raised for a URL no Git provider could ever fetch (bad syntax, scheme). */
export class InvalidRepoUrlError extends Error {
  readonly name = 'InvalidRepoUrlError';
  constructor(readonly repoUrl: string, reason: string) {
    super(`Invalid Git repository URL ${redactUrl(repoUrl)}: ${reason}`);
  }
}

// git@host:org/repo.git (scp-like syntax, no scheme).
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?![:/])(.+)$/;

/**
 * URLs parsed lately. A cold start parses the same few repository URLs a
 * few times per deployment (allow-list, provider, CI status), which was 3%
 * of its CPU; bounded, as URLs come from annotations and CRs.
 */
const parsed = new LruMap<string, RepoUrl>(1024);

export function parseRepoUrl(raw: string): RepoUrl {
  let url = parsed.get(raw);
  if (!url) {
    url = Object.freeze(parseUncached(raw));
    parsed.set(raw, url);
  }
  return url;
}

function parseUncached(raw: string): RepoUrl {
  const trimmed = raw.trim();
  if (!trimmed) {
    throw new InvalidRepoUrlError(raw, 'it is empty');
  }
  const scp = !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? SCP_LIKE.exec(trimmed)
    : null;
  let url: URL;
  try {
    url = new URL(scp ? `https://${scp[1]}/${scp[2]}` : trimmed);
  } catch {
    throw new InvalidRepoUrlError(raw, 'it is not a URL');
  }

  let scheme: RepoUrl['scheme'];
  switch (url.protocol) {
    case 'https:':
    case 'http:':
    case 'file:':
      scheme = url.protocol.slice(0, -1) as RepoUrl['scheme'];
      break;
    case 'ssh:':
    case 'git+ssh:':
    case 'ssh+git:':
      // SSH keys are not configured; the https form of the same host is
      // fetched with the integration's token instead.
      scheme = 'https';
      url = new URL(`https://${url.hostname}${url.pathname}`);
      break;
    default:
      throw new InvalidRepoUrlError(
        raw,
        `scheme ${url.protocol} is not supported (use https, http or file)`,
      );
  }

  // Encoded dot segments (`%2e%2e`, `%2F..`) would let a URL pass a prefix
  // entry of the allow-list and then leave it once git decodes the path.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    throw new InvalidRepoUrlError(raw, 'its path is not valid URL encoding');
  }
  if (decoded.split('/').some(segment => segment === '..' || segment === '.')) {
    throw new InvalidRepoUrlError(raw, 'its path contains . or .. segments');
  }
  if (scheme === 'file') {
    const pathname = decoded.replace(/\/+$/, '');
    if (!pathname) {
      throw new InvalidRepoUrlError(raw, 'it names no folder');
    }
    const fetchUrl = `file://${pathname}`;
    return {
      raw,
      key: fetchUrl,
      fetchUrl,
      scheme,
      host: '',
      path: pathname.replace(/^\/+/, ''),
    };
  }

  const pathname = url.pathname.replace(/\/+$/, '');
  const path = pathname.replace(/^\/+/, '').replace(/\.git$/, '');
  if (!path) {
    throw new InvalidRepoUrlError(raw, 'it names no repository');
  }
  const host = url.host.toLowerCase();
  const base = `${scheme}://${host}/`;
  return {
    raw,
    key: base + path,
    fetchUrl: base + pathname.replace(/^\/+/, ''),
    scheme,
    host,
    path,
  };
}

/**
 * Removes credentials from URLs inside a text (userinfo in `scheme://u:p@h`),
 * for error messages and logs.
 */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}
