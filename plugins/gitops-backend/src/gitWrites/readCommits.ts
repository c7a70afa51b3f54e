import type { GitWorkspace } from './GitWorkspace';
import type { PlannedCommit } from './types';

/** A commit of the first-parent line with its message and changed files. */
export interface LineCommit extends PlannedCommit {
  message: string;
  /** Files changed against the first parent, restricted to the pathspec asked. */
  files: string[];
}

// Records start with RS; the header ends with GS, then --name-only's files.
const FORMAT = '%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%B%x1d';

/** Pathspec arguments for repository paths; '' (the root) needs none. */
export function pathspec(paths: string[]): string[] {
  return paths.includes('') ? [] : ['--', ...paths];
}

/** Environment making git read pathspecs literally (no `:(glob)` magic). */
export const LITERAL_PATHSPECS = { GIT_LITERAL_PATHSPECS: '1' };

/**
 * Commits of `range` (e.g. `target..head`) on the first-parent line that
 * change a file under `paths`, newest first. A merge counts by its diff to
 * its first parent: what landed on the branch.
 */
export async function readLineCommits(
  workspace: GitWorkspace,
  range: string,
  paths: string[],
  limit?: number,
): Promise<LineCommit[]> {
  const out = await workspace.git(
    [
      'log',
      '--first-parent',
      '--diff-merges=first-parent',
      '--name-only',
      '--no-renames',
      `--format=${FORMAT}`,
      ...(limit ? [`--max-count=${limit}`] : []),
      range,
      ...pathspec(paths),
    ],
    { env: LITERAL_PATHSPECS },
  );
  return out
    .split('\x1e')
    .filter(record => record.trim())
    .map(record => {
      const [header, fileList = ''] = record.split('\x1d');
      const [sha, authorName, authorEmail, authorDate, subject, message] =
        header.split('\x1f');
      return {
        sha,
        authorName,
        authorEmail,
        authorDate,
        subject,
        message: message.trim(),
        files: fileList.split('\n').filter(Boolean),
      };
    });
}

/** The listed form of a line commit (no message body, no files). */
export function listed(commit: LineCommit): PlannedCommit {
  const { sha, subject, authorName, authorEmail, authorDate } = commit;
  return { sha, subject, authorName, authorEmail, authorDate };
}

/** Whether a file lies under (or is) one of the paths. */
export function underAny(file: string, paths: string[]): boolean {
  return paths.some(p => p === '' || file === p || file.startsWith(`${p}/`));
}
