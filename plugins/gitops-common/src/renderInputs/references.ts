import { isSecretParameterName, redactUrl } from '../redaction';

/**
 * How a reference in a kustomization file (or an Argo CD value file) is
 * classified before it is followed: remote, absolute, or local.
 */

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** `git@host:org/repo` and other scp-like Git addresses. */
const SCP_LIKE = /^[\w.-]+@[\w.-]+:/;
/** Query parameters that kustomize reads from a remote base. */
const REMOTE_QUERY = /\?(.*&)?(ref|version|timeout|submodules)=/;
/** A host name as the first segment: `github.com/org/repo`. */
const HOST_SEGMENT = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

export type ReferenceKind =
  | { kind: 'local' }
  | { kind: 'external'; reason: string }
  /** Looks like `host/org/repo`; remote unless the repository has that path. */
  | { kind: 'maybe-remote'; reason: string };

/** Classifies a reference as written, before it is joined to its folder. */
export function classifyReference(reference: string): ReferenceKind {
  const scheme = URL_SCHEME.exec(reference)?.[1].toLowerCase();
  if (scheme === 'oci') {
    return {
      kind: 'external',
      reason: 'an OCI artifact outside the repository',
    };
  }
  if (scheme === 'file') {
    return { kind: 'external', reason: 'an absolute path' };
  }
  if (scheme) {
    return {
      kind: 'external',
      reason: 'a remote reference outside the repository',
    };
  }
  if (SCP_LIKE.test(reference) || REMOTE_QUERY.test(reference)) {
    return { kind: 'external', reason: 'a remote Git repository' };
  }
  if (reference.startsWith('/')) {
    return { kind: 'external', reason: 'an absolute path' };
  }
  const segments = reference.split('/');
  if (segments.length >= 3 && HOST_SEGMENT.test(segments[0])) {
    return { kind: 'maybe-remote', reason: 'a remote Git repository' };
  }
  return { kind: 'local' };
}

/**
 * Removes credentials from a reference before it is shown: `redactUrl` for
 * URLs and scp-like addresses, and secret query parameters also for the
 * scheme-less kustomize form (`github.com/org/repo?ref=v1&token=...`).
 */
export function redactReference(reference: string): string {
  const out = redactUrl(reference);
  if (URL_SCHEME.test(out)) return out;
  const query = out.indexOf('?');
  if (query < 0) return out;
  const kept = out
    .slice(query + 1)
    .split('&')
    .filter(pair => pair && !isSecretParameterName(pair.split('=', 1)[0]));
  return out.slice(0, query) + (kept.length ? `?${kept.join('&')}` : '');
}
