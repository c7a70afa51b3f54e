import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a private temporary folder; `remove()` deletes it and its contents. */
export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return {
    path: dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
