/**
 * A deployment path as the providers use it: no leading or trailing slash,
 * `''` for the whole repository. Rejects `..` so a path cannot leave the
 * repository in a pathspec or an API query.
 */
export function normalizeGitPath(path: string | undefined): string {
  const trimmed = (path ?? '')
    .trim()
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '');
  const normalized = trimmed === '.' ? '' : trimmed;
  if (normalized.split('/').some(segment => segment === '..')) {
    throw new Error(`Git path '${path}' must not contain '..'`);
  }
  return normalized.replace(/\/{2,}/g, '/');
}

/**
 * Whether a branch, tag or SHA is safe to hand to git as a revision: the
 * characters of ordinary ref names only, so it can be neither an option
 * (`-x`) nor revision syntax (`main~2`, `a..b`, `@{1}`, `:/text`).
 */
export function validRefName(ref: string): boolean {
  return (
    /^[A-Za-z0-9_][A-Za-z0-9._/+-]*$/.test(ref) &&
    !ref.includes('..') &&
    !ref.includes('//') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.lock')
  );
}
