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
  message: string;
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

  apply(change: Change<Model>): void {
    const landed = new Date(this.now.getTime() - change.daysAgo * DAY);
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
        message: `${change.message}\n`,
        files,
        from: this.mainMark,
      });
      mark = this.script.commit({
        branch: 'main',
        author: mergedBy,
        committer: GITHUB_COMMITTER,
        date: landed,
        message: `Merge pull request #${number} from ${GITHUB_ORG}/${branch}\n\n${change.message}\n`,
        files,
        from: this.mainMark,
        merge: side,
      });
    } else {
      mark = this.script.commit({
        branch: 'main',
        author: change.author,
        date: landed,
        message: `${change.message}\n`,
        files,
        from: this.mainMark,
      });
    }
    this.mainMark = mark;
    if (change.id) this.ids.set(change.id, mark);
  }

  /** Writes the history into a bare repository; resolves to change id → SHA. */
  async importInto(bareRepo: string): Promise<Map<string, string>> {
    const marks = await this.script.importInto(bareRepo);
    return new Map([...this.ids].map(([id, mark]) => [id, marks.get(mark)!]));
  }
}
