import fs from 'node:fs/promises';

const RETRY_MS = 50;

/**
 * Runs `task` holding a lock on a mirror that other processes may share (a
 * configured cache folder): `mkdir` of `<mirror>.lock` is atomic, so only
 * one process clones or fetches a mirror at a time. A lock older than
 * `staleMs` belongs to a process that died and is taken over.
 */
export async function withMirrorLock<T>(
  mirrorDir: string,
  staleMs: number,
  task: () => Promise<T>,
): Promise<T> {
  const lock = `${mirrorDir}.lock`;
  const deadline = Date.now() + staleMs;
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stat = await fs.stat(lock).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > staleMs) {
        await fs.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the Git mirror ${mirrorDir} stayed locked for ${staleMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, RETRY_MS));
    }
  }
  try {
    return await task();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
