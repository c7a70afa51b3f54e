import type { GitCommit } from '@gitops-console/plugin-gitops-node';
import { isoUtc } from '../isoUtc';
import { pullRequestNumber } from '../pullRequestNumber';

/**
 * The `git log` options that produce what {@link parseGitLog} reads: fields
 * separated by NUL, records terminated by NUL (`-z`). NUL cannot occur in a
 * commit message, so no message can break the parsing.
 */
export const GIT_LOG_FORMAT_ARGS = [
  '-z',
  '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B',
];
const FIELDS = 6;

export function parseGitLog(stdout: string): GitCommit[] {
  const parts = stdout.split('\0');
  const commits: GitCommit[] = [];
  for (let i = 0; i + FIELDS <= parts.length; i += FIELDS) {
    const [sha, parents, name, email, date, body] = parts.slice(i, i + FIELDS);
    if (!/^[0-9a-f]{40,64}$/.test(sha.trim())) {
      throw new Error(`unexpected git log output near '${sha.slice(0, 40)}'`);
    }
    const message = body.replace(/\n+$/, '');
    const pullRequest = pullRequestNumber(message);
    commits.push({
      sha: sha.trim(),
      message,
      author: email ? { name, email } : { name },
      committedAt: isoUtc(date) ?? date,
      parents: parents ? parents.split(' ') : [],
      ...(pullRequest !== undefined ? { pullRequest } : {}),
    });
  }
  return commits;
}
