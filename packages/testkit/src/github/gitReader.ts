import { GitRepository } from '../git/gitRepository';
import { execGit } from '../git/runGit';

/** A commit's metadata as the facade needs it. */
export interface CommitData {
  sha: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
  message: string;
}

/** One changed file between two commits. */
export interface FileChange {
  filename: string;
  previousFilename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';
  /** Blob id after the change (before it, for removals). */
  sha: string;
  additions: number;
  deletions: number;
}

/** One entry of a tree listing. */
export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
  path: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';
const FORMAT = [
  '%H',
  '%T',
  '%P',
  '%an',
  '%ae',
  '%aI',
  '%cn',
  '%ce',
  '%cI',
  '%B',
]
  .join('%x1f')
  .concat('%x1e');

function parseCommits(out: string): CommitData[] {
  return out
    .split(RECORD)
    .map(record => record.replace(/^\n/, ''))
    .filter(record => record.length > 0)
    .map(record => {
      const [sha, tree, parents, an, ae, ad, cn, ce, cd, message] =
        record.split(FIELD);
      return {
        sha,
        tree,
        parents: parents ? parents.split(' ') : [],
        authorName: an,
        authorEmail: ae,
        authorDate: new Date(ad).toISOString().replace('.000Z', 'Z'),
        committerName: cn,
        committerEmail: ce,
        committerDate: new Date(cd).toISOString().replace('.000Z', 'Z'),
        message: message.replace(/\n+$/, ''),
      };
    });
}

const STATUS: Record<string, FileChange['status']> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/** Read-only queries over a repository, shaped for GitHub's REST answers. */
export class GitReader {
  constructor(private readonly repo: GitRepository) {}

  async commit(sha: string): Promise<CommitData> {
    const out = await this.repo.git([
      'show',
      '-s',
      `--format=${FORMAT}`,
      sha,
      '--',
    ]);
    return parseCommits(out)[0];
  }

  /** `git log` with GitHub's list-commits filters; newest first. */
  async log(options: {
    from: string;
    path?: string;
    author?: string;
    since?: string;
    until?: string;
    skip?: number;
    limit?: number;
  }): Promise<CommitData[]> {
    const args = ['log', `--format=${FORMAT}`, ...this.filters(options)];
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.limit !== undefined) args.push(`--max-count=${options.limit}`);
    args.push(options.from, '--');
    if (options.path) args.push(options.path);
    return parseCommits(await this.repo.git(args));
  }

  /** How many commits log() would list without paging. */
  async count(options: {
    from: string;
    path?: string;
    author?: string;
    since?: string;
    until?: string;
  }): Promise<number> {
    const args = [
      'rev-list',
      '--count',
      ...this.filters(options),
      options.from,
      '--',
    ];
    if (options.path) args.push(options.path);
    return Number((await this.repo.git(args)).trim());
  }

  private filters(options: {
    author?: string;
    since?: string;
    until?: string;
  }) {
    const args: string[] = [];
    if (options.author) args.push(`--author=${options.author}`);
    if (options.since) args.push(`--since=${options.since}`);
    if (options.until) args.push(`--until=${options.until}`);
    return args;
  }

  /** Commits in `base..head`, oldest first (as GitHub's compare lists them). */
  async range(base: string, head: string): Promise<CommitData[]> {
    const out = await this.repo.git([
      'log',
      '--reverse',
      `--format=${FORMAT}`,
      `${base}..${head}`,
      '--',
    ]);
    return parseCommits(out);
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      return (await this.repo.git(['merge-base', a, b])).trim();
    } catch {
      return undefined;
    }
  }

  /** Files changed from `from` to `to`; `from` undefined means from nothing. */
  async diff(from: string | undefined, to: string): Promise<FileChange[]> {
    const base = from ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904'; // the empty tree
    const raw = (
      await this.repo.git(['diff-tree', '-r', '-M', '-z', '--raw', base, to])
    ).split('\0');
    const numstat = (
      await this.repo.git([
        'diff-tree',
        '-r',
        '-M',
        '-z',
        '--numstat',
        base,
        to,
      ])
    ).split('\0');
    const counts: Array<{ additions: number; deletions: number }> = [];
    for (let i = 0; i < numstat.length; i++) {
      const entry = numstat[i];
      if (!entry) continue;
      const [added, deleted, pathPart] = entry.split('\t');
      // Renames print an empty path, then the old and new paths as fields.
      if (pathPart === '') i += 2;
      counts.push({
        additions: added === '-' ? 0 : Number(added),
        deletions: deleted === '-' ? 0 : Number(deleted),
      });
    }
    const changes: FileChange[] = [];
    for (let i = 0; i < raw.length; i++) {
      const meta = raw[i];
      if (!meta.startsWith(':')) continue;
      const [, , oldSha, newSha, statusField] = meta.slice(1).split(' ');
      const code = statusField[0];
      const first = raw[++i];
      const second = code === 'R' || code === 'C' ? raw[++i] : undefined;
      const { additions, deletions } = counts[changes.length] ?? {
        additions: 0,
        deletions: 0,
      };
      changes.push({
        filename: second ?? first,
        previousFilename: second ? first : undefined,
        status: STATUS[code] ?? 'modified',
        sha: code === 'D' ? oldSha : newSha,
        additions,
        deletions,
      });
    }
    return changes;
  }

  /** Lists a tree (recursively with all subtrees when asked). */
  async tree(treeish: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = [
      'ls-tree',
      '-l',
      '-z',
      ...(recursive ? ['-r', '-t'] : []),
      treeish,
    ];
    return (await this.repo.git(args))
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, path] = line.split('\t');
        const [mode, type, sha, size] = meta.split(/\s+/);
        return {
          mode,
          type: type as TreeEntry['type'],
          sha,
          size: size === '-' ? undefined : Number(size),
          path,
        };
      });
  }

  /** The object id and type a revision or `rev:path` names, if any. */
  async objectInfo(
    spec: string,
  ): Promise<{ sha: string; type: string } | undefined> {
    try {
      const sha = (
        await this.repo.git(['rev-parse', '--verify', '--quiet', spec])
      ).trim();
      const type = (await this.repo.git(['cat-file', '-t', sha])).trim();
      return { sha, type };
    } catch {
      return undefined;
    }
  }

  async blob(sha: string): Promise<Buffer> {
    const result = await execGit([
      '--git-dir',
      this.repo.gitDir,
      'cat-file',
      'blob',
      sha,
    ]);
    if (result.code !== 0)
      throw new Error(`cannot read blob ${sha}: ${result.stderr.trim()}`);
    return result.stdoutBytes;
  }

  /** Every ref with the object it points at. */
  async refs(): Promise<Array<{ ref: string; sha: string; type: string }>> {
    const out = await this.repo.git([
      'for-each-ref',
      '--format=%(refname)%09%(objectname)%09%(objecttype)',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha, type] = line.split('\t');
        return { ref, sha, type };
      });
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.repo.git([
        'merge-base',
        '--is-ancestor',
        ancestor,
        descendant,
      ]);
      return true;
    } catch {
      return false;
    }
  }
}
