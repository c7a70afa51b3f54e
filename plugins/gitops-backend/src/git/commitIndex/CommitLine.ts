import type { GitCommitChange } from '@gitops-console/plugin-gitops-node';

/** Commits of one repository by SHA, as the index read them. */
export type CommitGraph = ReadonlyMap<string, GitCommitChange>;

/** A commit list answer: newest first, capped. */
export interface LineCommits {
  commits: GitCommitChange[];
  truncated: boolean;
}

/** Whether a changed file lies at or under one of the inputs. */
export function fileTouches(file: string, inputs: readonly string[]): boolean {
  for (const input of inputs) {
    if (
      input === '' ||
      file === input ||
      (file.startsWith(input) && file.charCodeAt(input.length) === 47) // '/'
    ) {
      return true;
    }
  }
  return false;
}

export function commitTouches(
  commit: GitCommitChange,
  inputs: readonly string[],
): boolean {
  return commit.files.some(file => fileTouches(file, inputs));
}

/** Largest element ≤ max in an ascending list, or -1. */
function lastAtOrBelow(list: readonly number[], max: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= max) {
      found = list[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Index of the first element > min in an ascending list. */
function firstAbove(list: readonly number[], min: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] > min) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The first-parent line of a tracked ref, oldest first, with posting lists
 * from every changed file and every folder above it to the positions of the
 * commits that changed them. Every question a deployment asks of Git is
 * answered here from memory: a binary search per render input.
 *
 * Positions count from the oldest indexed commit (0) to the tip.
 */
export class CommitLine {
  readonly commits: GitCommitChange[];
  private readonly positions = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private readonly merged = new Map<string, GitCommitChange[]>();
  /** True when the line reaches the repository's root commit. */
  readonly complete: boolean;
  /** The first parent the line stops at when it is not complete. */
  readonly boundary: string | undefined;

  /**
   * @param tip - the commit the ref points at.
   * @param maxLength - the line stops after this many commits (index depth).
   */
  constructor(
    readonly tip: string,
    private readonly graph: CommitGraph,
    maxLength: number,
  ) {
    const newestFirst: GitCommitChange[] = [];
    let sha: string | undefined = tip;
    while (sha && newestFirst.length < maxLength) {
      const commit = graph.get(sha);
      if (!commit) break;
      newestFirst.push(commit);
      sha = commit.parents[0];
    }
    this.complete = sha === undefined;
    this.boundary = sha;
    this.commits = newestFirst.reverse();
    this.commits.forEach((commit, position) => {
      this.positions.set(commit.sha, position);
      for (const file of commit.files) this.post(file, position);
    });
    this.collectMerged();
  }

  private post(file: string, position: number) {
    let end = file.length;
    for (;;) {
      const key = file.slice(0, end);
      let list = this.postings.get(key);
      if (!list) {
        list = [];
        this.postings.set(key, list);
      }
      if (list[list.length - 1] !== position) list.push(position);
      end = file.lastIndexOf('/', end - 1);
      if (end <= 0) break;
    }
  }

  /**
   * For each merge on the line, the commits it brought in (reachable from
   * its other parents, not from the line or from an earlier merge).
   */
  private collectMerged() {
    const claimed = new Set<string>();
    for (const merge of this.commits) {
      if (merge.parents.length < 2) continue;
      const brought: GitCommitChange[] = [];
      const queue = merge.parents.slice(1);
      while (queue.length > 0) {
        const sha = queue.pop()!;
        if (claimed.has(sha) || this.positions.has(sha)) continue;
        claimed.add(sha);
        const commit = this.graph.get(sha);
        if (!commit) continue;
        brought.push(commit);
        queue.push(...commit.parents);
      }
      brought.sort((a, b) => b.committedAt.localeCompare(a.committedAt));
      this.merged.set(merge.sha, brought);
    }
  }

  get length(): number {
    return this.commits.length;
  }

  /** The position of a SHA on the line (full SHA or a prefix of 7+). */
  positionOf(sha: string): number | undefined {
    const exact = this.positions.get(sha);
    if (exact !== undefined || sha.length >= 40) return exact;
    if (sha.length < 7) return undefined;
    for (const [full, position] of this.positions) {
      if (full.startsWith(sha)) return position;
    }
    return undefined;
  }

  at(position: number): GitCommitChange {
    return this.commits[position];
  }

  /** The commits a merge on the line brought in, newest first. */
  mergedCommits(sha: string): GitCommitChange[] {
    return this.merged.get(sha) ?? [];
  }

  private lists(inputs: readonly string[]): Array<readonly number[]> | 'all' {
    if (inputs.some(input => input === '')) return 'all';
    const lists: Array<readonly number[]> = [];
    for (const input of inputs) {
      const list = this.postings.get(input);
      if (list) lists.push(list);
    }
    return lists;
  }

  /** The newest position ≤ max touching the inputs, or -1. */
  lastTouching(inputs: readonly string[], max = this.length - 1): number {
    const lists = this.lists(inputs);
    if (lists === 'all') return Math.min(max, this.length - 1);
    let best = -1;
    for (const list of lists) best = Math.max(best, lastAtOrBelow(list, max));
    return best;
  }

  /**
   * Positions touching the inputs in (after, upTo], newest first, at most
   * `limit + 1` (so the caller can tell it was truncated).
   */
  touchingBetween(
    inputs: readonly string[],
    after: number,
    upTo: number,
    limit: number,
  ): number[] {
    const lists = this.lists(inputs);
    if (lists === 'all') {
      const all: number[] = [];
      for (let p = upTo; p > after && all.length <= limit; p--) all.push(p);
      return all;
    }
    // A k-way merge from the top of each list, newest first.
    const cursors = lists.map(list => lastIndexAtOrBelow(list, upTo));
    const result: number[] = [];
    while (result.length <= limit) {
      let best = -1;
      for (let i = 0; i < lists.length; i++) {
        const c = cursors[i];
        if (c >= 0 && lists[i][c] > best) best = lists[i][c];
      }
      if (best <= after) break;
      result.push(best);
      for (let i = 0; i < lists.length; i++) {
        if (cursors[i] >= 0 && lists[i][cursors[i]] === best) cursors[i]--;
      }
    }
    return result;
  }

  /**
   * Whether a commit in (after, upTo] changed a file under the inputs that
   * `matters` accepts (for example a kustomization file).
   */
  changedBetween(
    inputs: readonly string[],
    after: number,
    upTo: number,
    matters: (file: string) => boolean,
  ): boolean {
    return this.touchingBetween(
      inputs,
      after,
      upTo,
      Number.MAX_SAFE_INTEGER,
    ).some(p =>
      this.commits[p].files.some(f => matters(f) && fileTouches(f, inputs)),
    );
  }

  /** Whether any commit in (after, upTo] touches the inputs. */
  touchedBetween(inputs: readonly string[], after: number, upTo: number) {
    const lists = this.lists(inputs);
    if (lists === 'all') return upTo > after;
    return lists.some(list => {
      const i = firstAbove(list, after);
      return i < list.length && list[i] <= upTo;
    });
  }
}

function lastIndexAtOrBelow(list: readonly number[], max: number): number {
  return firstAbove(list, max) - 1;
}
