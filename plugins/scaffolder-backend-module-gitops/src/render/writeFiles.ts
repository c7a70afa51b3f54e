import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/** Writes repository-relative files under a folder, refusing paths that leave it. */
export async function writeFiles(
  root: string,
  files: Record<string, string>,
): Promise<void> {
  const targets = Object.entries(files).map(
    ([file, content]) => [resolveSafeChildPath(root, file), content] as const,
  );
  for (const [target, content] of targets) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }
}
