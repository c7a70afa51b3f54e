import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { runGit } from './runGit';

/** `/<name>.git/raw/<branch>/<path>`: one file of a branch's tip. */
const RAW = /^\/([A-Za-z0-9._-]+\.git)\/raw\/([A-Za-z0-9._-]+)\/(.+)$/;

/**
 * Serves a file of a branch as plain text, the way a forge's "raw" link
 * does, so the catalog can read an entity file a template committed.
 * Answers false when the path is no raw-file path.
 */
export function serveRawFile(
  root: string,
  pathname: string,
  res: ServerResponse,
): boolean {
  const match = RAW.exec(pathname);
  if (!match) return false;
  const [, repository, branch, file] = match;
  const gitDir = path.join(root, repository);
  const segments = file.split('/');
  if (
    branch.startsWith('-') ||
    segments.some(s => s === '' || s === '.' || s === '..') ||
    !fs.existsSync(gitDir)
  ) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return true;
  }
  runGit(['cat-file', 'blob', `refs/heads/${branch}:${file}`], {
    cwd: gitDir,
    allowExitCodes: [128],
  }).then(
    ({ stdout, exitCode }) => {
      res.writeHead(exitCode === 0 ? 200 : 404, {
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(exitCode === 0 ? stdout : 'not found\n');
    },
    () => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('git failed\n');
    },
  );
  return true;
}
