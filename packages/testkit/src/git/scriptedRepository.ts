import { DEFAULT_IDENTITY, GitIdentity, GitRepository } from './gitRepository';

export interface ScriptedCommit {
  /** Branch to commit on; created from nothing when missing. Default "main". */
  branch?: string;
  message: string;
  /** Path → content; null deletes the file. Paths may be nested ("apps/x/a.yaml"). */
  files?: Record<string, string | null>;
  author?: GitIdentity;
  committer?: GitIdentity;
  /** Author and committer date, e.g. "2024-05-01T10:00:00Z". Default now. */
  date?: Date | string;
}

export interface ScriptedMerge {
  /** Branch or commit to merge. */
  from: string;
  /** Branch that receives the merge commit. Default "main". */
  into?: string;
  message?: string;
  author?: GitIdentity;
  date?: Date | string;
}

export interface ScriptedTag {
  /** Default "main". */
  target?: string;
  /** Makes an annotated tag; lightweight without. */
  message?: string;
  tagger?: GitIdentity;
  date?: Date | string;
}

/** One commit as read back by log(). */
export interface LoggedCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** ISO 8601 in UTC, e.g. 2024-05-01T10:00:00Z. */
  authorDate: string;
  subject: string;
}

/**
 * A bare repository served by the Git server, with helpers to script its
 * history: commits with chosen files, authors and dates, branches, merge
 * commits and tags.
 */
export class ScriptedRepository extends GitRepository {
  constructor(
    /** "owner/name", the path under the server root and in the GitHub facade. */
    readonly fullName: string,
    gitDir: string,
    /** Clone URL without credentials. */
    readonly url: string,
    /** Clone URL with the server's token embedded. */
    readonly authenticatedUrl: string,
  ) {
    super(gitDir);
  }

  /** Commits on a branch and moves it; resolves to the new commit's SHA. */
  async commit(spec: ScriptedCommit): Promise<string> {
    const ref = `refs/heads/${spec.branch ?? 'main'}`;
    const parent = await this.tryResolve(ref);
    const sha = await this.writeCommit({
      parents: parent ? [parent] : [],
      changes: spec.files ?? {},
      message: spec.message,
      author: spec.author ?? DEFAULT_IDENTITY,
      committer: spec.committer,
      date: spec.date,
    });
    await this.updateRef(ref, sha, parent ?? '');
    return sha;
  }

  /** Creates (or moves) a branch at a revision. Default start: main. */
  async branch(name: string, from = 'main'): Promise<string> {
    const sha = await this.resolve(from);
    await this.updateRef(`refs/heads/${name}`, sha);
    return sha;
  }

  /** Records a merge commit (always a true merge, never a fast-forward). */
  async merge(spec: ScriptedMerge): Promise<string> {
    const into = spec.into ?? 'main';
    const ours = await this.resolve(`refs/heads/${into}`);
    const theirs = await this.resolve(spec.from);
    const merged = await this.mergeTrees(ours, theirs);
    if (!merged.tree) {
      throw new Error(
        `merging ${
          spec.from
        } into ${into} conflicts in: ${merged.conflicts.join(', ')}`,
      );
    }
    const sha = await this.writeCommit({
      parents: [ours, theirs],
      tree: merged.tree,
      message: spec.message ?? `Merge ${spec.from} into ${into}`,
      author: spec.author ?? DEFAULT_IDENTITY,
      date: spec.date,
    });
    await this.updateRef(`refs/heads/${into}`, sha, ours);
    return sha;
  }

  /** Creates a tag; annotated when a message is given. Resolves to the tagged commit. */
  async tag(name: string, options: ScriptedTag = {}): Promise<string> {
    const sha = await this.resolve(options.target ?? 'main');
    if (options.message === undefined) {
      await this.updateRef(`refs/tags/${name}`, sha, '');
      return sha;
    }
    const tagger = options.tagger ?? DEFAULT_IDENTITY;
    const when =
      options.date === undefined ? new Date() : new Date(options.date);
    await this.git(['tag', '-a', name, sha, '-F', '-'], {
      input: options.message,
      env: {
        GIT_COMMITTER_NAME: tagger.name,
        GIT_COMMITTER_EMAIL: tagger.email,
        GIT_COMMITTER_DATE: `${Math.floor(when.getTime() / 1000)} +0000`,
      },
    });
    return sha;
  }

  /** Commits reachable from `rev`, newest first, optionally only those touching `path`. */
  async log(rev = 'main', path?: string): Promise<LoggedCommit[]> {
    const format = '%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e';
    const args = ['log', `--format=${format}`, rev];
    if (path) args.push('--', path);
    const out = await this.git(args);
    return out
      .split('\x1e')
      .map(record => record.trim())
      .filter(Boolean)
      .map(record => {
        const [sha, parents, authorName, authorEmail, authorDate, subject] =
          record.split('\x1f');
        return {
          sha,
          parents: parents ? parents.split(' ') : [],
          authorName,
          authorEmail,
          authorDate: new Date(authorDate).toISOString().replace('.000Z', 'Z'),
          subject,
        };
      });
  }
}
