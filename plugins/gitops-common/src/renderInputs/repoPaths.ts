/**
 * Repository-relative paths: no leading or trailing slash, `.` and `..`
 * resolved, '' for the repository root.
 */

/**
 * Normalises a repository-relative path, or returns undefined when it
 * climbs above the repository root.
 */
export function normaliseRepoPath(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

/** Resolves `reference` against the folder `dir` (both repository-relative). */
export function joinRepoPath(
  dir: string,
  reference: string,
): string | undefined {
  return normaliseRepoPath(dir ? `${dir}/${reference}` : reference);
}

/** The folder that holds a file ('' for a file at the root). */
export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Whether `parent` is `child` or one of its ancestors. */
export function coversPath(parent: string, child: string): boolean {
  return parent === '' || child === parent || child.startsWith(`${parent}/`);
}

/**
 * Adds `path` to an ordered list of inputs unless a listed folder covers
 * it, and drops the entries it covers; the first `pinned` entries stay.
 */
export function addUncovered(paths: string[], path: string, pinned = 0): void {
  if (paths.some(listed => coversPath(listed, path))) return;
  for (let i = paths.length - 1; i >= pinned; i--) {
    if (coversPath(path, paths[i])) paths.splice(i, 1);
  }
  paths.push(path);
}
