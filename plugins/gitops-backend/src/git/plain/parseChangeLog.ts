import type { GitCommitChange } from '@gitops-console/plugin-gitops-node';
import { parseGitLog } from './parseGitLog';

/**
 * `git log` options for {@link parseChangeLog}: each record starts with an
 * RS byte, its fields end with NUL, and `--name-only -z` lists the changed
 * files after it, NUL-separated. A merge is diffed against its first parent
 * (what landed on the branch).
 */
export const GIT_CHANGE_LOG_ARGS = [
  '-z',
  '--name-only',
  '--no-renames',
  '--diff-merges=first-parent',
  '--format=%x1e%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x00',
];

const RECORD = '\x1e';
const SHA = /^[0-9a-f]{40,64}\0/;

export function parseChangeLog(stdout: string): GitCommitChange[] {
  const records: string[] = [];
  for (const part of stdout.split(RECORD)) {
    if (!part) continue;
    // An RS byte inside a message does not start a record.
    if (SHA.test(part) || records.length === 0) records.push(part);
    else records[records.length - 1] += RECORD + part;
  }
  return records.map(record => {
    const fields = record.split('\0');
    const [commit] = parseGitLog(`${fields.slice(0, 6).join('\0')}\0`);
    const files = fields
      .slice(6)
      .map(name => name.replace(/^\n/, ''))
      .filter(name => name.length > 0);
    return { ...commit, files };
  });
}
