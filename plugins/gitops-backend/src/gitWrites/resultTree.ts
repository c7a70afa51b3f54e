import path from 'node:path';
import { RevertConflictError } from './errors';
import type { GitWorkspace } from './GitWorkspace';
import { LITERAL_PATHSPECS, pathspec } from './readCommits';
import type { PlannedFileChange } from './types';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
let indexCounter = 0;

/** An index file of our own, so computations never touch another's state. */
function indexEnv(workspace: GitWorkspace) {
  indexCounter += 1;
  return {
    ...LITERAL_PATHSPECS,
    GIT_INDEX_FILE: path.join(
      workspace.dir,
      '.git',
      `gitops-index-${indexCounter}`,
    ),
  };
}

/**
 * The tree of `head` with each path replaced by its content at `target`
 * (files added since are removed, files removed since come back); every
 * other path keeps head's content.
 */
export async function rollbackTree(
  workspace: GitWorkspace,
  head: string,
  target: string,
  paths: string[],
): Promise<string> {
  const env = indexEnv(workspace);
  await workspace.git(['read-tree', head], { env });
  await workspace.git(
    [
      'rm',
      '-r',
      '--cached',
      '--quiet',
      '--ignore-unmatch',
      '--',
      ...(paths.includes('') ? ['.'] : paths),
    ],
    { env },
  );
  const entries = await workspace.git(
    ['ls-tree', '-r', '-z', '--full-tree', target, ...pathspec(paths)],
    { env },
  );
  // ls-tree's lines are in the form --index-info reads.
  await workspace.git(['update-index', '-z', '--index-info'], {
    env,
    input: entries,
  });
  return (await workspace.git(['write-tree'], { env })).trim();
}

/**
 * The tree of `head` after `git revert <commit>` restricted to the paths:
 * the commit's diff to its first parent under the paths, applied in
 * reverse with a three-way merge. Conflicts throw RevertConflictError
 * with the files; nothing outside the workspace is touched.
 */
export async function revertTree(
  workspace: GitWorkspace,
  head: string,
  commit: string,
  parent: string | undefined,
  paths: string[],
): Promise<string> {
  const env = indexEnv(workspace);
  const patch = await workspace.git(
    [
      'diff',
      '--binary',
      '--full-index',
      '--no-renames',
      parent ?? EMPTY_TREE,
      commit,
      ...pathspec(paths),
    ],
    { env },
  );
  await workspace.git(['read-tree', head], { env });
  if (!patch.trim()) {
    return (await workspace.git(['write-tree'], { env })).trim();
  }
  const applied = await workspace.call(
    ['apply', '--cached', '--reverse', '--3way', '-'],
    { env, input: patch, okCodes: [1, 128] },
  );
  if (applied.exitCode !== 0) {
    const unmerged = await workspace.git(['ls-files', '--unmerged', '-z'], {
      env,
    });
    const files = new Set(
      unmerged
        .split('\0')
        .filter(Boolean)
        .map(line => line.slice(line.indexOf('\t') + 1)),
    );
    if (files.size === 0) {
      // Failed before a merge (e.g. a file the commit changed is gone):
      // the files git names are the conflicting ones.
      for (const match of applied.stderr.matchAll(
        /(?:patch failed|error): ([^:\n]+)/g,
      )) {
        files.add(match[1].trim());
      }
    }
    throw new RevertConflictError(commit, [...files].sort());
  }
  return (await workspace.git(['write-tree'], { env })).trim();
}

const STATUS: Record<string, PlannedFileChange['status']> = {
  A: 'added',
  D: 'deleted',
};

/** Files that differ between two trees, with line counts. */
export async function changedFiles(
  workspace: GitWorkspace,
  fromTree: string,
  toTree: string,
): Promise<PlannedFileChange[]> {
  const [numstat, status] = await Promise.all([
    workspace.git([
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      '--numstat',
      fromTree,
      toTree,
    ]),
    workspace.git([
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      '--name-status',
      fromTree,
      toTree,
    ]),
  ]);
  const statusByPath = new Map<string, string>();
  const parts = status.split('\0').filter(Boolean);
  for (let i = 0; i + 1 < parts.length; i += 2) {
    statusByPath.set(parts[i + 1], parts[i]);
  }
  return numstat
    .split('\0')
    .filter(Boolean)
    .map((line): PlannedFileChange => {
      const [added, deleted, file] = line.split('\t');
      const code = statusByPath.get(file);
      return {
        path: file,
        status: STATUS[code ?? ''] ?? 'modified',
        additions: added === '-' ? null : Number(added),
        deletions: deleted === '-' ? null : Number(deleted),
      };
    });
}
