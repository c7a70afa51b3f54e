import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  GitCommit,
  GitCommitChange,
  GitCommitList,
  GitProvider,
  GitRevisionNotFoundError,
  GitStaleness,
  GitTreeEntry,
} from '@gitops-console/plugin-gitops-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GitCommandError } from '../errors';
import { GitCounters } from '../GitCounters';
import { GitUrlAllowList } from '../GitUrlAllowList';
import { InFlight, KeyedLimiter } from '../KeyedLimiter';
import { readGitConfig } from '../readGitConfig';
import { parseRepoUrl, redactUrl, RepoUrl } from '../repoUrl';
import { normalizeGitPath, validRefName } from '../refs';
import {
  authorizationEnv,
  GitHttpCredentials,
  IntegrationGitCredentials,
} from './gitHttpCredentials';
import { CatFileBatch } from './CatFileBatch';
import { defaultGitRunner, GitRunner } from './gitRunner';
import { MirrorCache } from './MirrorCache';
import { withMirrorLock } from './mirrorLock';
import { GIT_CHANGE_LOG_ARGS, parseChangeLog } from './parseChangeLog';
import { GIT_LOG_FORMAT_ARGS, parseGitLog } from './parseGitLog';
import { privateCacheDir } from './privateCacheDir';

/** Options of {@link PlainGitProvider}; `fromConfig` fills them from config. */
export interface PlainGitProviderOptions {
  /**
   * Folder of the bare mirrors; created when missing. Without it, a folder
   * private to this process (mode 0700, removed by `close()`).
   */
  cacheDir?: string;
  /**
   * Whether other processes may use the same folder (a configured one):
   * clones and fetches then take a lock per mirror.
   */
  sharedCacheDir?: boolean;
  /** Counts the git processes this provider starts. */
  counters?: GitCounters;
  maxCachedRepos?: number;
  /** Minimum seconds between two fetches of a repository. */
  fetchIntervalSeconds?: number;
  /** When set, every URL must pass it (defence in depth: the registry checks too). */
  allowList?: GitUrlAllowList;
  credentials?: GitHttpCredentials;
  logger?: LoggerService;
  runner?: GitRunner;
  /** Timeout of a clone or fetch (default 30 s); reads get the same bound. */
  networkTimeoutMs?: number;
  /** Git processes at a time per repository. */
  concurrencyPerRepo?: number;
  now?: () => number;
}

interface RepoState {
  lastFetchAttempt: number;
  staleness?: GitStaleness;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * Reads any Git repository over http(s) or file:// through a bare mirror in a
 * bounded cache folder, fetched lazily at most once per interval.
 */
export class PlainGitProvider implements GitProvider {
  readonly id = 'git';
  private readonly mirrors: MirrorCache;
  private readonly runner: GitRunner;
  private readonly limiter: KeyedLimiter;
  private readonly fetches = new InFlight<void>();
  private readonly states = new Map<string, RepoState>();
  private readonly fetchIntervalMs: number;
  private readonly networkTimeoutMs: number;
  private readonly now: () => number;
  private readonly counters: GitCounters;
  private readonly batches = new Map<string, CatFileBatch>();
  private readonly cacheDir: string;

  static fromConfig(
    config: Config,
    options: { logger: LoggerService } & Partial<PlainGitProviderOptions>,
  ): PlainGitProvider {
    const git = readGitConfig(config);
    const integrations = ScmIntegrations.fromConfig(config);
    return new PlainGitProvider({
      cacheDir: git.cacheDir,
      sharedCacheDir: git.cacheDir !== undefined,
      networkTimeoutMs: git.timeoutSeconds * 1000,
      maxCachedRepos: git.maxCachedRepos,
      fetchIntervalSeconds: git.fetchIntervalSeconds,
      allowList: new GitUrlAllowList(integrations, git.allowedHosts),
      credentials: new IntegrationGitCredentials(integrations),
      ...options,
    });
  }

  constructor(private readonly options: PlainGitProviderOptions) {
    this.counters = options.counters ?? new GitCounters();
    const runner = options.runner ?? defaultGitRunner;
    this.runner = run => {
      this.counters.gitProcesses += 1;
      return runner(run);
    };
    this.limiter = new KeyedLimiter(options.concurrencyPerRepo ?? 4);
    this.fetchIntervalMs = (options.fetchIntervalSeconds ?? 15) * 1000;
    this.networkTimeoutMs = options.networkTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.cacheDir = options.cacheDir ?? privateCacheDir();
    this.mirrors = new MirrorCache({
      rootDir: this.cacheDir,
      maxRepos: options.maxCachedRepos ?? 50,
      logger: options.logger,
      // Never delete a mirror while another process sharing the folder fetches it.
      locked: (dir, task) => this.locked(dir, task),
      onEvict: name => {
        this.states.delete(name);
        const batch = this.batches.get(name);
        batch?.close();
        this.batches.delete(name);
      },
    });
  }

  /** The folder of the mirrors (private to the process unless configured). */
  get mirrorsDir(): string {
    return this.cacheDir;
  }

  /** Stops the long-lived readers; a private mirror folder is removed. */
  async close(): Promise<void> {
    for (const batch of this.batches.values()) batch.close();
    this.batches.clear();
    if (!this.options.cacheDir) {
      await fs.rm(this.cacheDir, { recursive: true, force: true });
    }
  }

  async listCommitChanges(options: {
    repoUrl: string;
    tip: string;
    exclude: string[];
    limit: number;
  }): Promise<GitCommitChange[]> {
    const url = this.parse(options.repoUrl);
    const limit = Math.max(1, Math.floor(options.limit));
    return this.withMirror(url, async dir => {
      const tip = await this.requireCommit(url, dir, options.tip);
      const known = await this.resolveLocal(url, dir, options.exclude);
      const result = await this.git(dir, [
        'log',
        ...GIT_CHANGE_LOG_ARGS,
        `--max-count=${limit}`,
        tip,
        ...known.filter(Boolean).map(sha => `^${sha}`),
        '--',
      ]);
      if (result.exitCode !== 0) {
        throw this.commandError('log', url, result);
      }
      return parseChangeLog(result.stdout);
    });
  }

  async readTreeEntry(options: {
    repoUrl: string;
    sha: string;
    path: string;
  }): Promise<GitTreeEntry | undefined> {
    const url = this.parse(options.repoUrl);
    if (!FULL_SHA.test(options.sha)) {
      throw new GitRevisionNotFoundError(redactUrl(url.key), options.sha);
    }
    const gitPath = normalizeGitPath(options.path);
    return this.withMirror(url, async dir => {
      const object = await this.batch(dir).read(
        gitPath ? `${options.sha}:${gitPath}` : `${options.sha}^{tree}`,
      );
      if (object?.type === 'tree') return { type: 'dir' };
      if (object?.type === 'blob') {
        return { type: 'file', content: object.content.toString('utf8') };
      }
      return undefined;
    });
  }

  private batch(dir: string): CatFileBatch {
    const name = path.basename(dir);
    let batch = this.batches.get(name);
    if (!batch) {
      batch = new CatFileBatch({
        gitDir: dir,
        timeoutMs: this.networkTimeoutMs,
        onSpawn: () => {
          this.counters.gitProcesses += 1;
        },
      });
      this.batches.set(name, batch);
    }
    return batch;
  }

  supports(repoUrl: string): boolean {
    try {
      this.parse(repoUrl);
      return true;
    } catch {
      return false;
    }
  }

  async resolveRevision(options: {
    repoUrl: string;
    ref: string;
  }): Promise<string> {
    const url = this.parse(options.repoUrl);
    return this.withMirror(url, async dir => {
      if (FULL_SHA.test(options.ref)) {
        // A SHA never moves: no fetch needed when it is already here.
        const [local] = await this.resolveLocal(url, dir, [options.ref]);
        if (local) {
          return local;
        }
      }
      await this.ensureFresh(url, dir);
      return this.resolveRef(url, dir, options.ref);
    });
  }

  async getCommit(options: {
    repoUrl: string;
    sha: string;
  }): Promise<GitCommit> {
    const url = this.parse(options.repoUrl);
    return this.withMirror(url, async dir => {
      const sha = await this.requireCommit(url, dir, options.sha);
      const [commit] = await this.log(url, dir, ['--no-walk', sha]);
      return commit;
    });
  }

  async listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList> {
    const url = this.parse(options.repoUrl);
    const gitPath = normalizeGitPath(options.path);
    const limit = Math.max(0, Math.floor(options.limit));
    return this.withMirror(url, async dir => {
      await this.ensureFresh(url, dir);
      const head = await this.resolveRef(url, dir, options.ref);
      const range = [head];
      if (options.since) {
        // `head ^since` is both `since..head` for an ancestor and "what since
        // cannot reach" after a force-push, as the contract asks.
        range.push(`^${await this.requireCommit(url, dir, options.since)}`);
      }
      // git's default history simplification, as GitHub applies it: a merge
      // that took the path from one parent is not listed, the commits that
      // changed it are.
      const commits = await this.log(url, dir, [
        `--max-count=${limit + 1}`,
        ...range,
        '--',
        ...(gitPath ? [`${gitPath}/`] : []),
      ]);
      return {
        commits: commits.slice(0, limit),
        truncated: commits.length > limit,
      };
    });
  }

  async isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }): Promise<boolean> {
    const url = this.parse(options.repoUrl);
    return this.withMirror(url, async dir => {
      const ancestor = await this.requireCommit(url, dir, options.ancestor);
      const descendant = await this.requireCommit(url, dir, options.descendant);
      const result = await this.git(dir, [
        'merge-base',
        '--is-ancestor',
        ancestor,
        descendant,
      ]);
      if (result.exitCode === 0 || result.exitCode === 1) {
        return result.exitCode === 0;
      }
      throw this.commandError('merge-base', url, result);
    });
  }

  async refresh(repoUrl: string): Promise<void> {
    const url = this.parse(repoUrl);
    await this.mirrors.use(url.key, async dir => {
      if (!(await this.mirrors.exists(dir))) {
        return; // Nothing cached: the first read clones anyway.
      }
      this.state(dir).lastFetchAttempt = 0;
      // A fetch already running may have started before the push.
      await this.fetches.wait(dir);
      await this.ensureFresh(url, dir, { throwOnFailure: true });
    });
  }

  getStaleness(repoUrl: string): GitStaleness | undefined {
    try {
      const dir = this.mirrors.dirFor(this.parse(repoUrl).key);
      return this.states.get(path.basename(dir))?.staleness;
    } catch {
      return undefined;
    }
  }

  private parse(repoUrl: string): RepoUrl {
    return this.options.allowList
      ? this.options.allowList.check(repoUrl)
      : parseRepoUrl(repoUrl);
  }

  private state(dir: string): RepoState {
    const name = path.basename(dir);
    let state = this.states.get(name);
    if (!state) {
      state = { lastFetchAttempt: 0 };
      this.states.set(name, state);
    }
    return state;
  }

  /** Runs a read with the mirror present (cloned on first use). */
  private withMirror<T>(
    url: RepoUrl,
    task: (dir: string) => Promise<T>,
  ): Promise<T> {
    return this.mirrors.use(url.key, async dir => {
      if (!(await this.mirrors.exists(dir))) {
        await this.fetches.run(dir, () =>
          this.locked(dir, async () => {
            // Another process sharing the folder may have cloned it meanwhile.
            if (!(await this.mirrors.exists(dir))) await this.clone(url, dir);
          }),
        );
        await this.mirrors.evict();
      }
      return task(dir);
    });
  }

  private async clone(url: RepoUrl, dir: string): Promise<void> {
    await this.mirrors.remove(dir);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    const temp = this.mirrors.tempDirFor(dir);
    const state = this.state(dir);
    state.lastFetchAttempt = this.now();
    const result = await this.network(url, [
      'clone',
      '--bare',
      '--quiet',
      '--',
      url.fetchUrl,
      temp,
    ]);
    if (result.exitCode !== 0) {
      await this.mirrors.remove(temp);
      throw this.commandError('clone', url, result);
    }
    await fs.rename(temp, dir);
    state.staleness = undefined;
    this.options.logger?.debug(`Mirrored ${redactUrl(url.key)} in ${dir}`);
  }

  /** Fetches when the interval has passed; serves the mirror on failure. */
  private async ensureFresh(
    url: RepoUrl,
    dir: string,
    options?: { throwOnFailure?: boolean },
  ): Promise<void> {
    const state = this.state(dir);
    if (this.now() - state.lastFetchAttempt < this.fetchIntervalMs) {
      return;
    }
    try {
      await this.fetches.run(dir, () =>
        this.locked(dir, () => this.fetch(url, dir, state)),
      );
    } catch (error) {
      const message = (error as Error).message;
      state.staleness ??= {
        reason: message,
        since: new Date(this.now()).toISOString(),
      };
      this.options.logger?.warn(
        `Serving ${redactUrl(url.key)} from its mirror: ${message}`,
      );
      if (options?.throwOnFailure) {
        throw error;
      }
    }
  }

  private async fetch(url: RepoUrl, dir: string, state: RepoState) {
    state.lastFetchAttempt = this.now();
    const result = await this.network(url, [
      '-C',
      dir,
      'fetch',
      '--quiet',
      '--prune',
      '--force',
      '--no-tags',
      '--',
      url.fetchUrl,
      '+refs/heads/*:refs/heads/*',
      '+refs/tags/*:refs/tags/*',
    ]);
    if (result.exitCode !== 0) {
      throw this.commandError('fetch', url, result);
    }
    state.staleness = undefined;
  }

  /** Runs a write to a mirror under its lock when the folder is shared. */
  private locked<T>(dir: string, task: () => Promise<T>): Promise<T> {
    return this.options.sharedCacheDir
      ? withMirrorLock(dir, this.networkTimeoutMs * 2, task)
      : task();
  }

  /** A clone or fetch: credentials in the environment, one protocol allowed. */
  private async network(url: RepoUrl, args: string[]) {
    const authorization = await this.options.credentials?.authorization(url);
    const env = {
      ...authorizationEnv(url, authorization),
      GIT_ALLOW_PROTOCOL: url.scheme,
    };
    const result = await this.limiter.run(this.mirrors.dirFor(url.key), () =>
      this.runner({ args, env, timeoutMs: this.networkTimeoutMs }),
    );
    return {
      ...result,
      // git may echo a header back in verbose or trace output.
      stderr: authorization
        ? result.stderr.split(authorization).join('***')
        : result.stderr,
    };
  }

  /** A local read in the mirror, bounded per repository like the fetches. */
  private git(dir: string, args: string[], input?: string) {
    return this.limiter.run(dir, () =>
      this.runner({
        args: ['--literal-pathspecs', '-C', dir, ...args],
        input,
        timeoutMs: this.networkTimeoutMs,
      }),
    );
  }

  private async log(
    url: RepoUrl,
    dir: string,
    args: string[],
  ): Promise<GitCommit[]> {
    const result = await this.git(dir, [
      'log',
      ...GIT_LOG_FORMAT_ARGS,
      ...args,
    ]);
    if (result.exitCode !== 0) {
      throw this.commandError('log', url, result);
    }
    return parseGitLog(result.stdout);
  }

  /**
   * Resolves object names to commit SHAs in one git process; undefined for
   * each name that is missing, ambiguous or not a commit.
   */
  private async resolveLocal(
    url: RepoUrl,
    dir: string,
    names: string[],
  ): Promise<Array<string | undefined>> {
    const checked = await this.git(
      dir,
      ['cat-file', '--batch-check=%(objectname) %(objecttype)'],
      names.map(name => `${name}^{commit}\n`).join(''),
    );
    if (checked.exitCode !== 0) {
      throw this.commandError('cat-file', url, checked);
    }
    const lines = checked.stdout.split('\n');
    return names.map((_, i) => {
      const [sha, type] = (lines[i] ?? '').split(' ');
      return type === 'commit' ? sha : undefined;
    });
  }

  /** Branch first, then tag, then SHA, as the contract orders them. */
  private async resolveRef(
    url: RepoUrl,
    dir: string,
    ref: string,
  ): Promise<string> {
    if (!validRefName(ref)) {
      throw new GitRevisionNotFoundError(redactUrl(url.key), ref);
    }
    const candidates =
      ref.startsWith('refs/') || ref === 'HEAD'
        ? [ref]
        : [`refs/heads/${ref}`, `refs/tags/${ref}`, ref];
    const resolved = await this.resolveLocal(url, dir, candidates);
    const sha = resolved.find(Boolean);
    if (!sha) {
      throw new GitRevisionNotFoundError(redactUrl(url.key), ref);
    }
    return sha;
  }

  /** A commit by SHA; fetches once (within the interval) when missing. */
  private async requireCommit(
    url: RepoUrl,
    dir: string,
    sha: string,
  ): Promise<string> {
    if (!/^[0-9a-f]{4,64}$/i.test(sha)) {
      throw new GitRevisionNotFoundError(redactUrl(url.key), sha);
    }
    const [local] = await this.resolveLocal(url, dir, [sha]);
    if (local) {
      return local;
    }
    await this.ensureFresh(url, dir);
    const [fetched] = await this.resolveLocal(url, dir, [sha]);
    if (!fetched) {
      throw new GitRevisionNotFoundError(redactUrl(url.key), sha);
    }
    return fetched;
  }

  private commandError(
    operation: string,
    url: RepoUrl,
    result: { exitCode: number | null; stderr: string },
  ): GitCommandError {
    const tail = redactUrl(result.stderr.trim())
      .split('\n')
      .slice(-3)
      .join(' | ');
    return new GitCommandError(operation, url.key, result.exitCode, tail);
  }
}
