import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execGit, runGit } from './runGit';

/** A person as git records them. */
export interface GitIdentity {
  name: string;
  email: string;
}

/**
 * A change to one path: new content, an existing object (`{ sha, mode }`,
 * as GitHub's create-tree API takes), or null to delete the path.
 */
export type PathChange =
  | string
  | Buffer
  | { sha: string; mode?: string }
  | null;

/** What a new commit consists of, built without a work tree. */
export interface CommitRequest {
  /** The tree starts from the first parent's tree (or empty without parents). */
  parents: string[];
  /** Path → new content; null deletes the file. */
  changes?: Record<string, PathChange>;
  /** Use this tree as is instead of applying changes. */
  tree?: string;
  message: string;
  author: GitIdentity;
  committer?: GitIdentity;
  /** Author and committer date; default now. */
  date?: Date | string;
  committerDate?: Date | string;
}

export const DEFAULT_IDENTITY: GitIdentity = {
  name: 'Testkit Bot',
  email: 'testkit@example.com',
};

function gitDate(date: Date | string | undefined): string {
  const d = date === undefined ? new Date() : new Date(date);
  if (Number.isNaN(d.getTime()))
    throw new Error(`invalid date: ${String(date)}`);
  // "<unix seconds> +0000" is the unambiguous raw form git accepts.
  return `${Math.floor(d.getTime() / 1000)} +0000`;
}

/**
 * A bare repository driven through git plumbing: commits, trees and refs are
 * written directly, with a throwaway index, so scripted histories need no
 * checkout and can set any author, date or parent set.
 */
export class GitRepository {
  constructor(readonly gitDir: string) {}

  git(
    args: string[],
    options: { env?: NodeJS.ProcessEnv; input?: string | Buffer } = {},
  ) {
    return runGit(['--git-dir', this.gitDir, ...args], options);
  }

  /** The object id a revision names, or undefined when it names nothing. */
  async tryResolve(rev: string): Promise<string | undefined> {
    try {
      return (
        await this.git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])
      ).trim();
    } catch {
      return undefined;
    }
  }

  async resolve(rev: string): Promise<string> {
    const sha = await this.tryResolve(rev);
    if (!sha)
      throw new Error(`${path.basename(this.gitDir)}: unknown revision ${rev}`);
    return sha;
  }

  /** Writes a blob and returns its id. */
  async writeBlob(content: string | Buffer): Promise<string> {
    return (
      await this.git(['hash-object', '-w', '--stdin'], { input: content })
    ).trim();
  }

  /** Applies path changes to `baseTree` (or an empty tree) and returns the new tree. */
  async writeTree(
    baseTree: string | undefined,
    changes: Record<string, PathChange>,
  ): Promise<string> {
    const indexFile = path.join(
      os.tmpdir(),
      `testkit-index-${randomBytes(6).toString('hex')}`,
    );
    const env = { GIT_INDEX_FILE: indexFile };
    try {
      await this.git(
        baseTree ? ['read-tree', baseTree] : ['read-tree', '--empty'],
        { env },
      );
      const lines: string[] = [];
      for (const [file, content] of Object.entries(changes)) {
        const clean = file.replace(/^\/+/, '');
        if (content === null) {
          lines.push(`0 ${'0'.repeat(40)}\t${clean}`);
        } else if (typeof content === 'object' && !Buffer.isBuffer(content)) {
          lines.push(`${content.mode ?? '100644'} ${content.sha}\t${clean}`);
        } else {
          lines.push(`100644 ${await this.writeBlob(content)}\t${clean}`);
        }
      }
      if (lines.length) {
        await this.git(['update-index', '--index-info'], {
          env,
          input: `${lines.join('\n')}\n`,
        });
      }
      return (await this.git(['write-tree'], { env })).trim();
    } finally {
      fs.rmSync(indexFile, { force: true });
    }
  }

  /** Writes a commit object (no ref moves) and returns its id. */
  async writeCommit(request: CommitRequest): Promise<string> {
    let tree = request.tree;
    if (!tree) {
      const baseTree = request.parents[0]
        ? (await this.git(['rev-parse', `${request.parents[0]}^{tree}`])).trim()
        : undefined;
      tree = await this.writeTree(baseTree, request.changes ?? {});
    }
    const committer = request.committer ?? request.author;
    const env = {
      GIT_AUTHOR_NAME: request.author.name,
      GIT_AUTHOR_EMAIL: request.author.email,
      GIT_AUTHOR_DATE: gitDate(request.date),
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: gitDate(request.committerDate ?? request.date),
    };
    const parentArgs = request.parents.flatMap(parent => ['-p', parent]);
    return (
      await this.git(['commit-tree', tree, ...parentArgs, '-F', '-'], {
        env,
        input: request.message,
      })
    ).trim();
  }

  /**
   * Moves `ref` to `sha`. With `expectedOld`, only if it still points there
   * ('' means the ref must not exist yet), so racing writers fail loudly.
   */
  async updateRef(
    ref: string,
    sha: string,
    expectedOld?: string,
  ): Promise<void> {
    const args = ['update-ref', ref, sha];
    if (expectedOld !== undefined) args.push(expectedOld);
    await this.git(args);
  }

  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  /**
   * Merges two commits' trees (git merge-tree --write-tree). Resolves to the
   * merged tree, or to the conflicting paths.
   */
  async mergeTrees(
    ours: string,
    theirs: string,
  ): Promise<
    { tree: string; conflicts: [] } | { tree?: undefined; conflicts: string[] }
  > {
    const result = await execGit([
      '--git-dir',
      this.gitDir,
      'merge-tree',
      '--write-tree',
      '--name-only',
      ours,
      theirs,
    ]);
    const lines = result.stdout.split('\n').map(line => line.trim());
    if (result.code === 0) return { tree: lines[0], conflicts: [] };
    if (result.code !== 1) {
      throw new Error(
        `git merge-tree exited with code ${
          result.code
        }: ${result.stderr.trim()}`,
      );
    }
    // Exit code 1: the tree line, the conflicted paths, a blank line, messages.
    const end = lines.indexOf('', 1);
    return { conflicts: lines.slice(1, end === -1 ? undefined : end) };
  }
}
