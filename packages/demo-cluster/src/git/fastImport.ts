import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './runGit';

export interface Person {
  name: string;
  email: string;
}

export interface CommitSpec {
  branch: string;
  /** The ref to write; defaults to `refs/heads/<branch>`. */
  ref?: string;
  author: Person;
  /** Defaults to the author. */
  committer?: Person;
  date: Date;
  message: string;
  /** Path → new content, or null to delete the file. */
  files: Record<string, string | null>;
  /** First parent; defaults to the branch's previous commit. */
  from?: number;
  /** Second parent, for merge commits. */
  merge?: number;
}

function signature(person: Person, date: Date): string {
  return `${person.name} <${person.email}> ${Math.floor(
    date.getTime() / 1000,
  )} +0000`;
}

/** Exact-length data; the newline that joins it to the next line is optional for git. */
function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}`;
}

/**
 * Builds a repository's whole history as one `git fast-import` stream, so a
 * history of dozens of commits with chosen authors, dates and merges takes
 * one git process instead of hundreds.
 */
export class FastImportScript {
  private readonly chunks: string[] = [];
  private nextMark = 1;
  private readonly marks = new Map<number, string>();

  /** Adds a commit and returns its mark, usable as `from`/`merge` later. */
  commit(spec: CommitSpec): number {
    const mark = this.nextMark++;
    const lines = [
      `commit ${spec.ref ?? `refs/heads/${spec.branch}`}`,
      `mark :${mark}`,
      `author ${signature(spec.author, spec.date)}`,
      `committer ${signature(spec.committer ?? spec.author, spec.date)}`,
      data(spec.message),
    ];
    if (spec.from !== undefined) lines.push(`from :${spec.from}`);
    if (spec.merge !== undefined) lines.push(`merge :${spec.merge}`);
    for (const [file, content] of Object.entries(spec.files).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      if (content === null) lines.push(`D ${file}`);
      else lines.push(`M 100644 inline ${file}`, data(content));
    }
    this.chunks.push(`${lines.join('\n')}\n\n`);
    return mark;
  }

  /**
   * Writes the commits added since the last import into a bare repository;
   * resolves to mark → SHA of every commit so far. It may be called again
   * after more commits: the marks carry over, so a later commit may name an
   * earlier one as `from` (a revert needs the SHA it reverts in its message).
   */
  async importInto(bareRepo: string): Promise<Map<number, string>> {
    const marksFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'demo-marks-')),
      'marks',
    );
    try {
      const known = [...this.marks].map(([m, sha]) => `:${m} ${sha}\n`);
      fs.writeFileSync(marksFile, known.join(''));
      await runGit(
        [
          'fast-import',
          '--quiet',
          `--import-marks=${marksFile}`,
          `--export-marks=${marksFile}`,
        ],
        { cwd: bareRepo, input: this.chunks.join('') },
      );
      this.chunks.length = 0;
      for (const line of fs.readFileSync(marksFile, 'utf8').split('\n')) {
        const match = line.match(/^:(\d+) ([0-9a-f]{40})$/);
        if (match) this.marks.set(Number(match[1]), match[2]);
      }
      return new Map(this.marks);
    } finally {
      fs.rmSync(path.dirname(marksFile), { recursive: true, force: true });
    }
  }
}
