import path from 'node:path';
import { CatFileBatch } from './catFileBatch';
import { runGit } from './runGit';

export interface PathCommit {
  sha: string;
  time: Date;
}

/** Normalises a path from a CR (`./apps/x/`, `apps/x`) to git's form. */
export function gitPath(crPath: string | undefined): string {
  const trimmed = (crPath ?? '').replace(/^\.\/?/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/**
 * Read access to the demo's bare repositories, named by the URLs the CRs
 * carry, for the simulated controllers: branch heads, whether a path
 * changed between two commits, file contents.
 */
export class GitRepositories {
  /** Answers about fixed commits never change, so they are kept. */
  private readonly cache = new Map<string, Promise<unknown>>();

  private readonly readers = new Map<string, CatFileBatch>();

  /**
   * `otherBaseUrls`: hosts that name the same repositories in CRs, such as
   * the demo's GitHub (its repositories are bare repositories here too).
   */
  constructor(
    readonly root: string,
    readonly baseUrl: string,
    private readonly otherBaseUrls: string[] = [],
  ) {}

  private closed = false;

  private reader(repository: string): CatFileBatch {
    if (this.closed) throw new Error('the demo repositories are closed');
    let reader = this.readers.get(repository);
    if (!reader) {
      reader = new CatFileBatch(this.dir(repository));
      this.readers.set(repository, reader);
    }
    return reader;
  }

  /** Ends the processes that read files. */
  close(): void {
    this.closed = true;
    this.readers.forEach(reader => reader.close());
    this.readers.clear();
  }

  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.cache.has(key)) {
      if (this.cache.size > 5000) this.cache.clear();
      const promise = compute();
      this.cache.set(key, promise);
      promise.catch(() => this.cache.delete(key));
    }
    return this.cache.get(key) as Promise<T>;
  }

  /** `http://127.0.0.1:7444/storefront-deploy.git` → `storefront-deploy.git`. */
  repositoryOf(url: string | undefined): string | undefined {
    if (!url) return undefined;
    for (const baseUrl of [this.baseUrl, ...this.otherBaseUrls]) {
      const base = baseUrl.replace(/\/+$/, '');
      if (!url.startsWith(`${base}/`)) continue;
      const name = url.slice(base.length + 1).replace(/\/+$/, '');
      return name.endsWith('.git') ? name : `${name}.git`;
    }
    return undefined;
  }

  urlOf(repository: string): string {
    return `${this.baseUrl}/${repository}`;
  }

  dir(repository: string): string {
    return path.join(this.root, repository);
  }

  /** The commit a branch, tag or SHA names now, or undefined. */
  async resolve(repository: string, ref: string): Promise<string | undefined> {
    let candidates = [`refs/heads/${ref}`, `refs/tags/${ref}`];
    if (ref === 'HEAD' || /^[0-9a-f]{40}$/.test(ref)) candidates = [ref];
    for (const candidate of candidates) {
      const sha = await this.reader(repository).commit(candidate);
      if (sha) return sha;
    }
    return undefined;
  }

  async branches(repository: string): Promise<Map<string, string>> {
    const { stdout } = await runGit(
      ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads'],
      {
        cwd: this.dir(repository),
      },
    );
    return new Map(
      stdout
        .split('\n')
        .filter(Boolean)
        .map(line => line.split(' ') as [string, string]),
    );
  }

  /** Whether anything under the given paths differs between two commits. */
  async pathsChanged(
    repository: string,
    from: string | undefined,
    to: string,
    paths: string[],
  ): Promise<boolean> {
    if (!from) return true;
    if (from === to) return false;
    try {
      const { exitCode } = await runGit(
        ['diff', '--quiet', from, to, '--', ...paths.map(p => gitPath(p))],
        {
          cwd: this.dir(repository),
          allowExitCodes: [1],
        },
      );
      return exitCode === 1;
    } catch {
      // An unknown commit (force-pushed away): treat it as a change.
      return true;
    }
  }

  async commitTime(repository: string, sha: string): Promise<Date> {
    const { stdout } = await runGit(['show', '-s', '--format=%ct', sha], {
      cwd: this.dir(repository),
    });
    return new Date(Number(stdout.trim()) * 1000);
  }

  /** Files under the given paths that differ between two commits. */
  changedFiles(
    repository: string,
    from: string,
    to: string,
    paths: string[],
  ): Promise<string[]> {
    return this.cached(
      `diff ${repository} ${from} ${to} ${paths.join(' ')}`,
      async () => {
        const { stdout } = await runGit(
          [
            'diff',
            '--name-only',
            from,
            to,
            '--',
            ...paths.map(p => gitPath(p)),
          ],
          {
            cwd: this.dir(repository),
          },
        );
        return stdout.split('\n').filter(Boolean);
      },
    );
  }

  /** A file at a commit (cached), or undefined when it does not exist there. */
  readFile(
    repository: string,
    revision: string,
    file: string,
  ): Promise<string | undefined> {
    const read = async () =>
      (await this.reader(repository).read(revision, file))?.toString('utf8');
    return /^[0-9a-f]{40}$/.test(revision)
      ? this.cached(`show ${repository} ${revision}:${file}`, read)
      : read();
  }

  /** The files directly in (or, with `recursive`, below) a folder at a commit. */
  listFiles(
    repository: string,
    revision: string,
    dir: string,
    recursive = false,
  ): Promise<string[]> {
    const folder = gitPath(dir);
    const list = async () => {
      const { stdout } = await runGit(
        [
          'ls-tree',
          '--name-only',
          ...(recursive ? ['-r'] : []),
          revision,
          '--',
          folder === '.' ? '.' : `${folder}/`,
        ],
        { cwd: this.dir(repository) },
      );
      return stdout.split('\n').filter(Boolean);
    };
    return /^[0-9a-f]{40}$/.test(revision)
      ? this.cached(`ls ${repository} ${revision} ${folder} ${recursive}`, list)
      : list();
  }

  /** Commits on the first-parent line of `ref` that touch any of `paths`, newest first. */
  async pathCommits(
    repository: string,
    ref: string,
    paths: string[],
    limit = 10,
  ): Promise<PathCommit[]> {
    const { stdout } = await runGit(
      [
        'log',
        '--first-parent',
        `--max-count=${limit}`,
        '--format=%H %ct',
        ref,
        '--',
        ...paths.map(p => gitPath(p)),
      ],
      { cwd: this.dir(repository) },
    );
    return stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [sha, seconds] = line.split(' ');
        return { sha, time: new Date(Number(seconds) * 1000) };
      });
  }
}
