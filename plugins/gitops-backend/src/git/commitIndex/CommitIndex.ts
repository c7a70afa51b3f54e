import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  GitRevisionNotFoundError,
  type GitCommitChange,
  type GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { InFlight } from '../KeyedLimiter';
import { parseRepoUrl, redactUrl } from '../repoUrl';
import { CommitLine } from './CommitLine';

/** A provider that can feed the index. */
export type IndexableProvider = GitProvider &
  Required<Pick<GitProvider, 'listCommitChanges'>>;

export function canIndex(provider: GitProvider): provider is IndexableProvider {
  return typeof provider.listCommitChanges === 'function';
}

interface LineState {
  repoUrl: string;
  ref: string;
  line?: CommitLine;
  /** When the ref was last resolved against the upstream (ms). */
  checkedAt: number;
  /** Commits the line keeps at most; grows when a deployment needs older. */
  depth: number;
}

interface RepoState {
  key: string;
  graph: Map<string, GitCommitChange>;
  lines: Map<string, LineState>;
  /** SHAs known not to exist, per tip they were asked against. */
  missing: Map<string, string>;
}

export interface CommitIndexOptions {
  /** The provider of a repository URL (throws for a URL that may not be read). */
  providerFor(repoUrl: string): GitProvider;
  /** Commits each line keeps beyond what deployments need. */
  historyDepth: number;
  /** A line is re-resolved at most this often, except on refresh. */
  fetchIntervalMs: number;
  logger?: LoggerService;
  now?: () => number;
}

/**
 * Told when a repository changed: a tracked branch moved (with the files
 * the new commits changed, when the old tip is on the new line), its
 * staleness turned, or the CI state of some of its commits changed (with
 * those commits). Without either list, anything may have changed.
 */
export type RepositoryChangeListener = (
  repoKey: string,
  change?: RepositoryChange,
) => void;

export interface RepositoryChange {
  /** Files the new commits of a fast-forward changed. */
  paths?: string[];
  /** Full SHAs whose CI state changed (nothing else did). */
  commits?: string[];
}

/** Rounds of deepening for an old deployed SHA, each `historyDepth` more. */
const MAX_DEEPEN_ROUNDS = 10;

/**
 * The in-process commit index: per repository, the commits read once per
 * fetch (with their changed files), and per tracked ref its first-parent
 * line with path postings. Lines are re-resolved at most once per fetch
 * interval or on refresh; when a tip moved, only the new commits are read
 * (one `git log` or a few GitHub requests), and listeners learn the
 * repository changed.
 */
export class CommitIndex {
  private readonly repos = new Map<string, RepoState>();
  /** Repository state by URL as given, so hot paths parse a URL once. */
  private readonly byUrl = new Map<string, RepoState>();
  private readonly updates = new InFlight<CommitLine>();
  private readonly deepenings = new InFlight<CommitLine>();
  private readonly listeners = new Set<RepositoryChangeListener>();
  private readonly now: () => number;

  constructor(private readonly options: CommitIndexOptions) {
    this.now = options.now ?? Date.now;
  }

  onChange(listener: RepositoryChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The tracked (repository, ref) pairs, for the periodic refresh. */
  tracked(): Array<{ repoUrl: string; ref: string; checkedAt: number }> {
    return [...this.repos.values()].flatMap(repo =>
      [...repo.lines.values()].map(l => ({
        repoUrl: l.repoUrl,
        ref: l.ref,
        checkedAt: l.checkedAt,
      })),
    );
  }

  /** Commits and lines held, for memory figures. */
  size(): { repositories: number; commits: number; lines: number } {
    let commits = 0;
    let lines = 0;
    for (const repo of this.repos.values()) {
      commits += repo.graph.size;
      lines += repo.lines.size;
    }
    return { repositories: this.repos.size, commits, lines };
  }

  /** The commit graph of a repository (read-only). */
  graph(repoUrl: string): ReadonlyMap<string, GitCommitChange> {
    return this.repo(repoUrl).graph;
  }

  /**
   * The line of `ref`. An indexed line is answered at once; when it is
   * older than the fetch interval it is refreshed in the background, and
   * listeners hear when it moved, so a slow or hung Git server never
   * delays a caller. `force` (a push webhook) waits for the refresh.
   * Throws what the provider throws when nothing is indexed yet.
   */
  async line(
    repoUrl: string,
    ref: string,
    options?: { force?: boolean },
  ): Promise<CommitLine> {
    const repo = this.repo(repoUrl);
    const state = this.lineState(repo, repoUrl, ref);
    const update = () =>
      this.updates.run(`${repo.key}\n${ref}`, () => this.update(repo, state));
    if (!state.line || options?.force) return update();
    if (this.now() - state.checkedAt >= this.options.fetchIntervalMs) {
      update().catch(error =>
        this.options.logger?.warn(
          `Could not refresh ${redactUrl(repo.key)} ${ref}: ${
            (error as Error).message
          }`,
        ),
      );
    }
    return state.line;
  }

  /** Refreshes a line now if it is due, waiting for it (the periodic refresh). */
  async refreshIfDue(repoUrl: string, ref: string): Promise<void> {
    const repo = this.repo(repoUrl);
    const state = this.lineState(repo, repoUrl, ref);
    if (
      state.line &&
      this.now() - state.checkedAt < this.options.fetchIntervalMs
    ) {
      return;
    }
    await this.updates.run(`${repo.key}\n${ref}`, () =>
      this.update(repo, state),
    );
  }

  /** The line as indexed, without any upstream call; undefined when never read. */
  peek(repoUrl: string, ref: string): CommitLine | undefined {
    return this.repos.get(parseRepoUrl(repoUrl).key)?.lines.get(ref)?.line;
  }

  /**
   * Makes sure a SHA is in the graph: deepens the line when it is older than
   * the index depth, or reads its own ancestry when it is not on the line
   * (a force-push or another branch). Returns false when the repository
   * does not have it. Costs a provider call only the first time per tip.
   * Without `deepen`, a SHA older than the index depth is not looked for
   * (history titles: a deployment's own SHA deepens, an old entry does not).
   */
  async ensureCommit(
    repoUrl: string,
    ref: string,
    sha: string,
    options?: { deepen?: boolean },
  ): Promise<boolean> {
    const repo = this.repo(repoUrl);
    const state = this.lineState(repo, repoUrl, ref);
    let line = state.line ?? (await this.line(repoUrl, ref));
    if (line.positionOf(sha) !== undefined) return true;
    const known = this.find(repo, sha);
    if (known) {
      if (options?.deepen !== false)
        this.extendTo(repo, state, line, known.sha);
      return true;
    }
    if (repo.missing.get(sha) === line.tip) return false;

    const rounds = options?.deepen === false ? 0 : MAX_DEEPEN_ROUNDS;
    for (let round = 0; round < rounds; round++) {
      if (line.complete || !line.boundary) break;
      line = await this.deepen(repo, repoUrl, state, line);
      if (line.positionOf(sha) !== undefined) return true;
    }
    try {
      if (options?.deepen === false) {
        // The commit alone (a history entry's title): a SHA older than the
        // line is an ancestor of its tip, so `sha ^tip` is empty, and on
        // GitHub that empty range costs a compare per history entry.
        await this.ingest(repo, repoUrl, sha, [], 1);
      } else {
        await this.ingest(repo, repoUrl, sha, [line.tip]);
      }
    } catch (error) {
      if (!(error instanceof GitRevisionNotFoundError)) throw error;
    }
    if (this.find(repo, sha)) return true;
    repo.missing.set(sha, line.tip);
    return false;
  }

  /**
   * A deployed commit the graph holds just past the line's boundary (new
   * commits pushed it out of the window): the line is lengthened to hold
   * it again, from the graph alone, rather than calling it off the branch.
   * A commit off the first-parent line (a feature branch) is left as it is.
   */
  private extendTo(
    repo: RepoState,
    state: LineState,
    line: CommitLine,
    sha: string,
  ) {
    if (line.complete || !line.boundary || state.line !== line) return;
    const { graph } = repo;
    let current: string | undefined = line.boundary;
    const bound = this.options.historyDepth * MAX_DEEPEN_ROUNDS;
    for (let steps = 0; current && steps < bound; steps++) {
      if (current === sha) {
        state.depth = Math.max(state.depth, line.length + steps + 1);
        state.line = new CommitLine(line.tip, graph, state.depth);
        return;
      }
      current = graph.get(current)?.parents[0];
    }
  }

  /**
   * One round of deepening past `line`'s boundary. Builds that need older
   * commits at the same time (a cold start: every deployment behind its
   * branch) share the round: one read and one new line, not one each.
   */
  private deepen(
    repo: RepoState,
    repoUrl: string,
    state: LineState,
    line: CommitLine,
  ): Promise<CommitLine> {
    if (state.line && state.line !== line && state.line.tip === line.tip) {
      // Deepened meanwhile by another caller: go on from there.
      if (state.line.length > line.length) return Promise.resolve(state.line);
    }
    return this.deepenings.run(
      `${repo.key}\n${state.ref}\n${line.tip}\n${line.boundary}`,
      async () => {
        state.depth =
          Math.max(state.depth, line.length) + this.options.historyDepth;
        await this.ingest(repo, repoUrl, line.boundary!, []);
        const deeper = new CommitLine(line.tip, repo.graph, state.depth);
        if (state.line?.tip === line.tip) state.line = deeper;
        return deeper;
      },
    );
  }

  /** A commit of the graph by full SHA or a prefix of 7+. */
  find(repo: RepoState | string, sha: string): GitCommitChange | undefined {
    const state = typeof repo === 'string' ? this.repo(repo) : repo;
    const exact = state.graph.get(sha);
    if (exact || sha.length >= 40 || sha.length < 7) return exact;
    for (const [full, commit] of state.graph) {
      if (full.startsWith(sha)) return commit;
    }
    return undefined;
  }

  private repo(repoUrl: string): RepoState {
    const known = this.byUrl.get(repoUrl);
    if (known) return known;
    const key = parseRepoUrl(repoUrl).key;
    let repo = this.repos.get(key);
    if (!repo) {
      repo = { key, graph: new Map(), lines: new Map(), missing: new Map() };
      this.repos.set(key, repo);
    }
    if (this.byUrl.size < 100_000) this.byUrl.set(repoUrl, repo);
    return repo;
  }

  private lineState(repo: RepoState, repoUrl: string, ref: string) {
    let state = repo.lines.get(ref);
    if (!state) {
      state = {
        repoUrl,
        ref,
        checkedAt: 0,
        depth: this.options.historyDepth,
      };
      repo.lines.set(ref, state);
    }
    return state;
  }

  private async update(repo: RepoState, state: LineState) {
    const provider = this.options.providerFor(state.repoUrl);
    // Turning stale (served from cache after an upstream failure) or fresh
    // again changes answers too: views must hear of it like of a new tip.
    const staleBefore = Boolean(provider.getStaleness(state.repoUrl));
    try {
      return await this.updateTip(repo, state, provider);
    } finally {
      if (Boolean(provider.getStaleness(state.repoUrl)) !== staleBefore) {
        this.notify(repo.key);
      }
    }
  }

  private async updateTip(
    repo: RepoState,
    state: LineState,
    provider: GitProvider,
  ) {
    let tip: string;
    try {
      tip = await provider.resolveRevision({
        repoUrl: state.repoUrl,
        ref: state.ref,
      });
    } catch (error) {
      if (!state.line) {
        // Nothing to serve; forget the ref so a bad one is not refreshed forever.
        repo.lines.delete(state.ref);
        throw error;
      }
      this.options.logger?.warn(
        `Serving the indexed history of ${redactUrl(repo.key)} ${state.ref}: ${
          (error as Error).message
        }`,
      );
      state.checkedAt = this.now();
      return state.line;
    }
    state.checkedAt = this.now();
    const previous = state.line;
    if (previous?.tip === tip) return previous;

    if (!repo.graph.has(tip)) {
      const exclude = [...repo.lines.values()]
        .map(l => l.line?.tip)
        .filter((t): t is string => Boolean(t));
      await this.ingest(repo, state.repoUrl, tip, exclude);
    }
    state.line = new CommitLine(tip, repo.graph, state.depth);
    repo.missing.clear();
    this.prune(repo);
    if (previous) {
      this.notify(repo.key, { paths: changedSince(state.line, previous.tip) });
    }
    return state.line;
  }

  private notify(repoKey: string, change?: RepositoryChange) {
    for (const listener of this.listeners) {
      try {
        listener(repoKey, change);
      } catch (error) {
        this.options.logger?.error(
          `A repository change listener failed: ${(error as Error).message}`,
        );
      }
    }
  }

  /**
   * Drops commits no line holds any more (older than every line's depth,
   * or left behind by a force-push) once they outnumber what the lines
   * hold, so memory follows the depth, not the uptime.
   */
  private prune(repo: RepoState) {
    const lines = [...repo.lines.values()].flatMap(l =>
      l.line ? [l.line] : [],
    );
    const held = lines.reduce((n, line) => n + line.length, 0);
    if (repo.graph.size <= 2 * held + this.options.historyDepth) return;
    const keep = new Set<string>();
    for (const line of lines) {
      for (const commit of line.commits) {
        keep.add(commit.sha);
        for (const merged of line.mergedCommits(commit.sha))
          keep.add(merged.sha);
      }
    }
    for (const sha of [...repo.graph.keys()]) {
      if (!keep.has(sha)) repo.graph.delete(sha);
    }
  }

  private async ingest(
    repo: RepoState,
    repoUrl: string,
    tip: string,
    exclude: string[],
    limit = this.options.historyDepth,
  ) {
    const provider = this.options.providerFor(repoUrl);
    if (!provider.listCommitChanges) {
      throw new Error(`Git provider ${provider.id} cannot list commit changes`);
    }
    const commits = await provider.listCommitChanges({
      repoUrl,
      tip,
      exclude,
      limit,
    });
    for (const commit of commits) repo.graph.set(commit.sha, commit);
  }
}

/**
 * The files changed by the commits of `line` newer than `oldTip`, or
 * undefined when the old tip is not on the line (a force-push: anything
 * may have changed).
 */
function changedSince(line: CommitLine, oldTip: string): string[] | undefined {
  // Positions count from the oldest commit: the new ones are above the old tip.
  const start = line.positionOf(oldTip);
  if (start === undefined) return undefined;
  const files = new Set<string>();
  for (let position = start + 1; position < line.length; position++) {
    const commit = line.at(position);
    for (const file of commit.files) files.add(file);
    for (const merged of line.mergedCommits(commit.sha)) {
      for (const file of merged.files) files.add(file);
    }
  }
  return [...files];
}
