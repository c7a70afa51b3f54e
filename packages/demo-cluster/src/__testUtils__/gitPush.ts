import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../git/runGit';

/**
 * Clones a repository over HTTP, applies `edit` to the work tree, commits
 * and pushes to main, as a person would. Resolves to the new commit's SHA.
 */
export async function pushCommit(
  repoUrl: string,
  message: string,
  edit: (workTree: string) => void,
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-push-'));
  try {
    await runGit(['clone', '--quiet', repoUrl, dir], { cwd: os.tmpdir() });
    edit(dir);
    const identity = [
      '-c',
      'user.name=Test Person',
      '-c',
      'user.email=test@example.com',
    ];
    // New and deleted files too, as `git add -A` stages them.
    await runGit(['add', '-A'], { cwd: dir });
    await runGit([...identity, 'commit', '--quiet', '-m', message], {
      cwd: dir,
    });
    await runGit(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: dir });
    return (await runGit(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces text in a file of the work tree; fails when the text is not there. */
export function replaceIn(
  workTree: string,
  file: string,
  from: string,
  to: string,
): void {
  const full = path.join(workTree, file);
  const text = fs.readFileSync(full, 'utf8');
  if (!text.includes(from))
    throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  fs.writeFileSync(full, text.replace(from, to));
}
