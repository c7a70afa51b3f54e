import type { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

interface Entry {
  dir: string;
  users: number;
}

/** A temporary clone older than this was left by a process that died. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** How long a mirror seen present is taken as present without a look. */
const SEEN_FOR_MS = 1000;

const MIRROR_DIR = /^[0-9a-f]{16}-[A-Za-z0-9._-]*$/;

/**
 * The folder of bare mirrors, bounded to `maxRepos`: when a new mirror is
 * added, the least recently used mirrors nobody is reading are deleted.
 * Mirrors left by an earlier run are reused, and count as the least recent.
 */
export class MirrorCache {
  // Insertion order is use order: a used entry is moved to the end.
  private readonly entries = new Map<string, Entry>();
  private scanned?: Promise<void>;
  /** When each mirror folder was last seen present (ms). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly options: {
      rootDir: string;
      maxRepos: number;
      logger?: LoggerService;
      /** Called with the repository key when its mirror is deleted. */
      onEvict?: (name: string) => void;
      /** Runs a deletion under the mirror's lock (a folder shared with other processes). */
      locked?: (dir: string, task: () => Promise<void>) => Promise<void>;
    },
  ) {}

  /** The mirror folder of a repository key (stable across restarts). */
  dirFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const tail = key
      .split('/')
      .pop()!
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40);
    return path.join(this.options.rootDir, `${hash}-${tail}`);
  }

  /**
   * Runs `task` with the repository's mirror folder (which may not exist
   * yet), keeping it from eviction meanwhile.
   */
  async use<T>(key: string, task: (dir: string) => Promise<T>): Promise<T> {
    await this.scan();
    const dir = this.dirFor(key);
    const name = path.basename(dir);
    const entry = this.entries.get(name) ?? { dir, users: 0 };
    this.entries.delete(name);
    this.entries.set(name, entry);
    entry.users += 1;
    try {
      return await task(dir);
    } finally {
      entry.users -= 1;
    }
  }

  /**
   * Whether the folder holds a usable bare repository. Every read asks
   * (thousands a second on a cold start), so a mirror seen a moment ago is
   * taken as present: a deletion here forgets it at once, and one by
   * another process sharing the folder is noticed within a second.
   */
  async exists(dir: string): Promise<boolean> {
    const seenAt = this.seen.get(dir);
    if (seenAt !== undefined && Date.now() - seenAt < SEEN_FOR_MS) return true;
    const present = await fs
      .stat(path.join(dir, 'HEAD'))
      .then(stat => stat.isFile())
      .catch(() => false);
    if (present) this.seen.set(dir, Date.now());
    else this.seen.delete(dir);
    return present;
  }

  /** A fresh temporary folder next to the mirrors, for an atomic clone. */
  tempDirFor(dir: string): string {
    return `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  }

  /** Deletes least recently used mirrors beyond the bound. */
  async evict(): Promise<void> {
    // Uses that never produced a mirror (a failed clone) take no room.
    for (const [name, entry] of [...this.entries]) {
      if (entry.users === 0 && !(await this.exists(entry.dir))) {
        this.entries.delete(name);
      }
    }
    const excess = this.entries.size - this.options.maxRepos;
    if (excess <= 0) {
      return;
    }
    const victims = [...this.entries]
      .filter(([, entry]) => entry.users === 0)
      .slice(0, excess);
    for (const [name, entry] of victims) {
      this.entries.delete(name);
      this.options.onEvict?.(name);
      this.options.logger?.info(`Evicting Git mirror ${entry.dir}`);
      this.seen.delete(entry.dir);
      const remove = () => fs.rm(entry.dir, { recursive: true, force: true });
      await (this.options.locked
        ? this.options.locked(entry.dir, remove)
        : remove());
    }
  }

  /** Removes a broken mirror so the next use clones it again. */
  async remove(dir: string): Promise<void> {
    this.seen.delete(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }

  private scan(): Promise<void> {
    this.scanned ??= this.scanRoot();
    return this.scanned;
  }

  private async scanRoot(): Promise<void> {
    const { rootDir } = this.options;
    await fs.mkdir(rootDir, { recursive: true });
    const found: Array<{ name: string; mtimeMs: number }> = [];
    for (const name of await fs.readdir(rootDir)) {
      const dir = path.join(rootDir, name);
      if (name.includes('.tmp-') || name.endsWith('.lock')) {
        // An interrupted clone of an earlier run; in a shared folder, one
        // of another process that is still running is young, so keep it.
        const stat = await fs.stat(dir).catch(() => undefined);
        if (stat && Date.now() - stat.mtimeMs > STALE_TEMP_MS) {
          await fs.rm(dir, { recursive: true, force: true });
        }
      } else if (MIRROR_DIR.test(name)) {
        const stat = await fs.stat(dir).catch(() => undefined);
        if (stat?.isDirectory()) {
          found.push({ name, mtimeMs: stat.mtimeMs });
        }
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const { name } of found) {
      if (!this.entries.has(name)) {
        this.entries.set(name, { dir: path.join(rootDir, name), users: 0 });
      }
    }
  }
}
