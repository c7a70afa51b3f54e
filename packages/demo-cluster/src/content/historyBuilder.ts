import { FastImportScript, Person } from '../git/fastImport';
import { GITHUB_COMMITTER, GITHUB_ORG } from './people';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** One step of a scripted history, applied to the repository's model. */
export interface Change<Model> {
  /** A name to find the resulting main-line commit by. */
  id?: string;
  /** When it landed on main, in days before the demo starts. */
  daysAgo: number;
  author: Person;
  /** Defaults to the author (a bot's commit, say). */
  committer?: Person;
  /**
   * The message; a function for one that quotes earlier commits' SHAs (a
   * revert), given the SHA of a change by its id.
   */
  message: string | ((shaOf: (id: string) => string) => string);
  edit: (model: Model) => void;
  /** Makes it a pull request: a side commit, then a merge commit on main. */
  pullRequest?: { number: number; branch: string; mergedBy: Person };
}

/**
 * Turns a scripted history into commits: each change edits a model, the
 * model is rendered to files, and only the files that changed go into the
 * commit. Pull requests become a commit on `refs/pull/<n>/head` (as GitHub
 * keeps them) merged into main with GitHub's merge message.
 */
export class HistoryBuilder<Model> {
  readonly script = new FastImportScript();
  private files: Record<string, string> = {};
  private mainMark?: number;
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly model: Model,
    private readonly render: (model: Model) => Record<string, string>,
    private readonly now: Date,
  ) {}

  private diff(): Record<string, string | null> {
    const next = this.render(this.model);
    const changes: Record<string, string | null> = {};
    for (const [file, content] of Object.entries(next)) {
      if (this.files[file] !== content) changes[file] = content;
    }
    for (const file of Object.keys(this.files))
      if (!(file in next)) changes[file] = null;
    this.files = next;
    return changes;
  }

  apply(change: Change<Model>, shaOf?: (id: string) => string): void {
    const landed = new Date(this.now.getTime() - change.daysAgo * DAY);
    if (typeof change.message === 'function' && !shaOf) {
      throw new Error('a message that quotes SHAs needs importChanges');
    }
    const message =
      typeof change.message === 'function'
        ? change.message(shaOf!)
        : change.message;
    change.edit(this.model);
    const files = this.diff();
    let mark: number;
    if (change.pullRequest) {
      const { number, branch, mergedBy } = change.pullRequest;
      // The side commit was written a few hours before the merge.
      const side = this.script.commit({
        branch: `pull/${number}/head`,
        ref: `refs/pull/${number}/head`,
        author: change.author,
        date: new Date(landed.getTime() - 3 * HOUR),
        message: `${message}\n`,
        files,
        from: this.mainMark,
      });
      mark = this.script.commit({
        branch: 'main',
        author: mergedBy,
        committer: GITHUB_COMMITTER,
        date: landed,
        message: `Merge pull request #${number} from ${GITHUB_ORG}/${branch}\n\n${message}\n`,
        files,
        from: this.mainMark,
        merge: side,
      });
    } else {
      mark = this.script.commit({
        branch: 'main',
        author: change.author,
        ...(change.committer && { committer: change.committer }),
        date: landed,
        message: message.endsWith('\n') ? message : `${message}\n`,
        files,
        from: this.mainMark,
      });
    }
    this.mainMark = mark;
    if (change.id) this.ids.set(change.id, mark);
  }

  /**
   * Applies the changes and writes them into a bare repository, importing
   * up to a change whose message quotes earlier SHAs first; resolves to
   * change id → SHA.
   */
  async importChanges(
    bareRepo: string,
    changes: ReadonlyArray<Change<Model>>,
  ): Promise<Map<string, string>> {
    let shas = new Map<number, string>();
    const shaOf = (id: string) => {
      const sha = shas.get(this.ids.get(id) ?? -1);
      if (!sha) throw new Error(`no commit written yet for change '${id}'`);
      return sha;
    };
    for (const change of changes) {
      if (typeof change.message === 'function') {
        shas = await this.script.importInto(bareRepo);
      }
      this.apply(change, shaOf);
    }
    return this.importInto(bareRepo);
  }

  /** Writes the history into a bare repository; resolves to change id → SHA. */
  async importInto(bareRepo: string): Promise<Map<string, string>> {
    const marks = await this.script.importInto(bareRepo);
    return new Map([...this.ids].map(([id, mark]) => [id, marks.get(mark)!]));
  }
}
