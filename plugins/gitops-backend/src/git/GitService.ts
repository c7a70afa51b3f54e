import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { RepoTreeReader } from '@gitops-console/plugin-gitops-common';
import type {
  GitCiStatus,
  GitCommit,
  GitCommitChange,
  GitCommitList,
  GitProvider,
  GitStaleness,
  GitTreeEntry,
} from '@gitops-console/plugin-gitops-node';
import {
  canIndex,
  CommitIndex,
  type RepositoryChangeListener,
} from './commitIndex/CommitIndex';
import type { CommitLine } from './commitIndex/CommitLine';
import { CiStatusTracker } from './ci/CiStatusTracker';
import type { ImmutableAnswers } from './github/ImmutableAnswerStore';
import { GitCounters } from './GitCounters';
import { GitProviderRegistry } from './GitProviderRegistry';
import { LruMap } from './LruMap';
import { readGitConfig } from './readGitConfig';
import { parseRepoUrl, redactUrl } from './repoUrl';

export type { RepoTreeReader };

export interface GitServiceOptions {
  registry: GitProviderRegistry;
  counters: GitCounters;
  historyDepth: number;
  fetchIntervalSeconds: number;
  logger?: LoggerService;
  /** Tree entries kept (by commit SHA and path). Default 20,000. */
  maxTreeEntries?: number;
  /** CI states of shown commits (`gitops.ci`); absent: not followed. */
  ci?: { pollSeconds?: number; maxPerRound?: number };
}

/** A provider that can tell a file from a folder without reading it. */
interface StatCapable {
  statTreeEntry?(options: {
    repoUrl: string;
    sha: string;
    path: string;
  }): Promise<'file' | 'dir' | undefined>;
}

/** The periodic refresh never runs more often than this. */
const MIN_REFRESH_MS = 1000;
/** Repositories refreshed at a time by the periodic refresh. */
const REFRESH_CONCURRENCY = 4;

/**
 * The backend's one Git handle. It answers as a GitProvider (through the
 * registry and its allow-list), and keeps the in-process commit index of
 * every repository and branch that deployments track: refreshed every
 * fetch interval and on push webhooks, with a change event when a branch
 * moved. Tree reads at a commit are cached by SHA.
 */
export class GitService implements GitProvider {
  readonly id = 'gitops';
  readonly index: CommitIndex;
  private readonly trees: LruMap<string, Promise<GitTreeEntry | undefined>>;
  /** What a path is at a commit, where a provider tells without a read. */
  private readonly entryKinds: LruMap<
    string,
    Promise<'file' | 'dir' | undefined>
  >;
  private readonly refetchedFor = new LruMap<string, number>(10_000);
  private readonly indexableUrls = new LruMap<string, boolean>(10_000);
  private timer?: NodeJS.Timeout;
  private readonly ci?: CiStatusTracker;
  private refreshing = false;

  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      extraProviders?: GitProvider[];
      /** `coreServices.cache`: GitHub answers shared by replicas. */
      cache?: CacheService;
      /** GitHub answers addressed by SHA, kept across restarts. */
      githubAnswers?: ImmutableAnswers;
    },
  ): GitService {
    const git = readGitConfig(config);
    const counters = new GitCounters();
    return new GitService({
      registry: GitProviderRegistry.fromConfig(config, {
        ...options,
        counters,
      }),
      counters,
      historyDepth: git.historyDepth,
      fetchIntervalSeconds: git.fetchIntervalSeconds,
      logger: options.logger,
      ci:
        config.getOptionalBoolean('gitops.ci.enabled') === false
          ? undefined
          : {
              pollSeconds: config.getOptionalNumber('gitops.ci.pollSeconds'),
              maxPerRound: config.getOptionalNumber('gitops.ci.maxPerRound'),
            },
    });
  }

  constructor(private readonly options: GitServiceOptions) {
    this.trees = new LruMap(options.maxTreeEntries ?? 20_000);
    this.entryKinds = new LruMap(options.maxTreeEntries ?? 20_000);
    this.index = new CommitIndex({
      providerFor: url => options.registry.providerFor(url),
      historyDepth: options.historyDepth,
      fetchIntervalMs: options.fetchIntervalSeconds * 1000,
      logger: options.logger,
    });
    this.ci =
      options.ci &&
      new CiStatusTracker({
        providerFor: url => options.registry.providerFor(url),
        ...options.ci,
        logger: options.logger,
      });
  }

  /** Starts the periodic refresh of the tracked repositories. */
  start(): void {
    if (this.timer) return;
    // Tick often and let refreshIfDue pick the refs due: it skips a ref
    // checked less than an interval ago, so a tick equal to the interval
    // skipped every other round and a push waited up to two intervals.
    const every = MIN_REFRESH_MS;
    this.timer = setInterval(() => void this.refreshTracked(), every);
    this.timer.unref?.();
    this.ci?.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.ci?.stop();
    await this.options.registry.close();
  }

  /**
   * Called with the repository key (`parseRepoUrl(url).key`, no
   * credentials) when a tracked branch of it moved.
   */
  onRepositoryChanged(listener: RepositoryChangeListener): () => void {
    const offIndex = this.index.onChange(listener);
    // A commit's CI state changing is a change of what views show too.
    const offCi = this.ci?.onChange(listener);
    return () => {
      offIndex();
      offCi?.();
    };
  }

  /**
   * A shown commit's CI state from memory (undefined until the background
   * poll read it, or when the host reports none); enrols it for the poll.
   */
  knownCiStatus(repoUrl: string, sha: string): GitCiStatus | undefined {
    return this.ci?.statusOf(repoUrl, sha);
  }

  stats(): { gitProcesses: number; upstreamRequests: number } {
    return this.options.counters.snapshot();
  }

  /**
   * Whether the repository's provider feeds the commit index. Throws for a
   * URL that may not be read (the allow-list), like the providers do.
   */
  indexable(repoUrl: string): boolean {
    const known = this.indexableUrls.get(repoUrl);
    if (known !== undefined) return known;
    const result = canIndex(this.options.registry.providerFor(repoUrl));
    this.indexableUrls.set(repoUrl, result);
    return result;
  }

  /** The indexed first-parent line of a tracked ref (current within the interval). */
  line(repoUrl: string, ref: string): Promise<CommitLine> {
    return this.index.line(repoUrl, ref);
  }

  /** A commit of the index, without any upstream call. */
  indexedCommit(repoUrl: string, sha: string): GitCommitChange | undefined {
    return this.index.find(repoUrl, sha);
  }

  /**
   * Whether a SHA the index does not know is worth a fetch now: at most
   * once per fetch interval (and 10 s) per SHA, so a deployed commit that
   * a force-push removed does not cost a fetch per rebuild.
   */
  mayRefetchFor(repoUrl: string, sha: string): boolean {
    const key = `${parseRepoUrl(repoUrl).key}@${sha}`;
    const last = this.refetchedFor.get(key);
    const every = Math.max(10_000, this.options.fetchIntervalSeconds * 1000);
    if (last !== undefined && Date.now() - last < every) return false;
    this.refetchedFor.set(key, Date.now());
    return true;
  }

  /** Reads a revision's files and folders, cached by commit SHA. */
  treeReader(repoUrl: string, sha: string): RepoTreeReader {
    const provider = this.options.registry.providerFor(repoUrl);
    const key = parseRepoUrl(repoUrl).key;
    const entry = (path: string) => {
      const cacheKey = `${key}@${sha}:${path}`;
      let cached = this.trees.get(cacheKey);
      if (!cached) {
        if (!provider.readTreeEntry) {
          return Promise.reject(
            new Error(`Git provider ${provider.id} cannot read files`),
          );
        }
        cached = provider.readTreeEntry({ repoUrl, sha, path });
        this.trees.set(cacheKey, cached);
        // A failed read is not an answer: the next one tries again.
        cached.catch(() => this.trees.delete(cacheKey));
      }
      return cached;
    };
    const stat = (path: string): Promise<'file' | 'dir' | undefined> => {
      const read = (provider as StatCapable).statTreeEntry;
      // Without its own way, a provider tells by reading the entry.
      if (!read) return entry(path).then(found => found?.type);
      const statKey = `${key}@${sha}:${path}`;
      let cached = this.entryKinds.get(statKey);
      if (!cached) {
        cached = read.call(provider, { repoUrl, sha, path });
        this.entryKinds.set(statKey, cached);
        cached.catch(() => this.entryKinds.delete(statKey));
      }
      return cached;
    };
    return {
      readFile: async path => {
        const found = await entry(path);
        return found?.type === 'file' ? found.content : undefined;
      },
      // A file read already says what the path is; otherwise the provider
      // may tell without reading the file (GitHub: from the commit's tree).
      stat: async path => {
        const read = this.trees.get(`${key}@${sha}:${path}`);
        return read ? (await read)?.type : stat(path);
      },
    };
  }

  // GitProvider, through the registry.

  supports(repoUrl: string): boolean {
    return this.options.registry.supports(repoUrl);
  }

  resolveRevision(options: { repoUrl: string; ref: string }): Promise<string> {
    return this.options.registry.resolveRevision(options);
  }

  getCommit(options: { repoUrl: string; sha: string }): Promise<GitCommit> {
    const indexed = this.index.find(options.repoUrl, options.sha);
    if (indexed) return Promise.resolve(indexed);
    return this.options.registry.getCommit(options);
  }

  listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList> {
    return this.options.registry.listCommits(options);
  }

  isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }): Promise<boolean> {
    return this.options.registry.isAncestor(options);
  }

  /**
   * Fetches a repository now (a push webhook) and re-reads its tracked
   * branches; listeners hear of each one that moved.
   */
  async refresh(repoUrl: string): Promise<void> {
    await this.options.registry.refresh(repoUrl);
    const key = parseRepoUrl(repoUrl).key;
    const tracked = this.index
      .tracked()
      .filter(t => parseRepoUrl(t.repoUrl).key === key);
    await Promise.all(
      tracked.map(t =>
        this.index.line(t.repoUrl, t.ref, { force: true }).catch(error => {
          this.options.logger?.warn(
            `Could not refresh ${redactUrl(key)} ${t.ref}: ${
              (error as Error).message
            }`,
          );
        }),
      ),
    );
  }

  getStaleness(repoUrl: string): GitStaleness | undefined {
    return this.options.registry.getStaleness(repoUrl);
  }

  /** One round of the periodic refresh: every tracked ref due for a fetch. */
  async refreshTracked(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const due = this.index.tracked();
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const t = due[next++];
          await this.index.refreshIfDue(t.repoUrl, t.ref).catch(error => {
            this.options.logger?.debug(
              `Periodic Git refresh failed: ${(error as Error).message}`,
            );
          });
        }
      };
      await Promise.all(
        Array.from({ length: REFRESH_CONCURRENCY }, () => worker()),
      );
    } finally {
      this.refreshing = false;
    }
  }
}
