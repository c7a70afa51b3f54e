import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A mirror folder that belongs to this process alone: `mkdtemp` creates it
 * with mode 0700 under a unique name, so no other backend on the machine
 * (a demo beside a test run) can read or write the same mirrors.
 */
export function privateCacheDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstage-gitops-git-'));
  fs.chmodSync(dir, 0o700);
  return dir;
}
