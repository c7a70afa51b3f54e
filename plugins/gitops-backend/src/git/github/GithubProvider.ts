import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  GitCiStatus,
  GitCommit,
  GitCommitChange,
  GitCommitList,
  GitProvider,
  GitRevisionNotFoundError,
  GitStaleness,
  GitTreeEntry,
} from '@gitops-console/plugin-gitops-node';
import { Octokit } from '@octokit/rest';
import { createHash } from 'node:crypto';
import { GithubRequestError } from '../errors';
import { GitCounters } from '../GitCounters';
import { readGitConfig } from '../readGitConfig';
import { normalizeGitPath, validRefName } from '../refs';
import { parseRepoUrl, RepoUrl } from '../repoUrl';
import {
  ConditionalResult,
  GithubConditionalClient,
  GithubStatusError,
  ShareCodec,
  UpstreamResponse,
} from './GithubConditionalClient';
import { readGithubConfig } from './readGithubConfig';
import { GithubRetryPolicy } from './retryPolicy';
import type { ImmutableAnswers } from './ImmutableAnswerStore';
import { SharedAnswerCache } from './SharedAnswerCache';
import { DatedCommit, GithubCommitData, toGitCommit } from './toGitCommit';
import { CheckRuns, combineCiStatus, CommitStatuses } from './combineCiStatus';
import { requestsPerMinuteFor } from './MinutePacer';

/** Options of {@link GithubProvider}; `fromConfig` fills them from config. */
export interface GithubProviderOptions {
  integrations: ScmIntegrationRegistry;
  credentials?: GithubCredentialsProvider;
  logger?: LoggerService;
  /** Cached answers kept (LRU). Default 5000. */
  maxCacheEntries?: number;
  /** Seconds a branch or tag answer is trusted before revalidating. */
  revalidateAfterSeconds?: number;
  /** Requests at a time per repository. Default 4. */
  concurrencyPerRepo?: number;
  /** Timeout of one request. Default 30 s. */
  requestTimeoutMs?: number;
  /** Commits of a `since` range read at most (in pages of 100). Default 1000. */
  maxRangeCommits?: number;
  /**
   * Commits whose details (changed files) one index update reads at most
   * on a first read; older ones are read when a deployment needs them.
   * Default 300.
   */
  maxIndexedCommits?: number;
  /** Counts the requests sent to GitHub. */
  counters?: GitCounters;
  /** Retries and the pause after failures (`gitops.github.retry`). */
  retry?: GithubRetryPolicy;
  /**
   * Requests a minute per API host and credential
   * (`gitops.github.requestsPerMinute`); absent: 850 for github.com, no
   * pacing for GitHub Enterprise Server (requestsPerMinuteFor).
   */
  requestsPerMinute?: number;
  /**
   * Shared by replicas (`coreServices.cache`): answers and their ETags,
   * behind the in-process cache. Absent: answers stay in this process.
   */
  cache?: CacheService;
  /** Answers addressed by SHA, kept across restarts (the database). */
  stored?: ImmutableAnswers;
  /** How long an answer is kept in the shared cache. Default one day. */
  sharedCacheTtlMs?: number;
  /** The fetch implementation Octokit uses; for proxies and tests. */
  fetch?: typeof fetch;
  now?: () => number;
  /** How the client waits (backoff, pacing); for tests. */
  sleep?: (ms: number) => Promise<void>;
}

interface GithubRepo {
  url: RepoUrl;
  owner: string;
  repo: string;
  octokit: Octokit;
  authorization: Record<string, string>;
  limitKey: string;
}

interface RangeCommits {
  shas: Set<string>;
  oldestCommitterDate?: string;
  complete: boolean;
}

const FULL_SHA = /^[0-9a-f]{40}$/;
const SHORT_SHA = /^[0-9a-f]{4,40}$/;
const PAGE_SIZE = 100;
// Committer dates along history can be skewed; walk this far past the range.
const DATE_SLACK_MS = 24 * 60 * 60 * 1000;

type TreeEntries = Map<string, { type: string; sha: string }>;

/** A tree goes to the shared cache as [path, type, sha] rows (JSON). */
const TREE_CODEC: ShareCodec<TreeEntries> = {
  encode: tree => [...tree].map(([path, e]) => [path, e.type, e.sha]),
  decode: rows =>
    new Map(
      (rows as string[][]).map(([path, type, sha]) => [path, { type, sha }]),
    ),
};

/**
 * Reads repositories on GitHub and GitHub Enterprise (the hosts of
 * `integrations.github` with an API base URL) through the REST API, with
 * conditional requests, a bounded cache, and rate-limit handling.
 */
export class GithubProvider implements GitProvider {
  readonly id = 'github';
  private readonly client: GithubConditionalClient;
  private readonly credentials: GithubCredentialsProvider;
  private readonly octokits = new Map<string, Octokit>();

  static fromConfig(
    config: Config,
    options: { logger: LoggerService } & Partial<GithubProviderOptions>,
  ): GithubProvider {
    const integrations = ScmIntegrations.fromConfig(config);
    const github = readGithubConfig(config);
    return new GithubProvider({
      integrations,
      revalidateAfterSeconds: readGitConfig(config).fetchIntervalSeconds,
      requestTimeoutMs: readGitConfig(config).timeoutSeconds * 1000,
      retry: github.retry,
      requestsPerMinute: github.requestsPerMinute,
      sharedCacheTtlMs: github.sharedCache.ttlMs,
      ...options,
      cache: github.sharedCache.enabled ? options.cache : undefined,
    });
  }

  constructor(private readonly options: GithubProviderOptions) {
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.client = new GithubConditionalClient({
      maxEntries: options.maxCacheEntries ?? 5000,
      revalidateAfterMs: (options.revalidateAfterSeconds ?? 15) * 1000,
      concurrencyPerRepo: options.concurrencyPerRepo ?? 4,
      requestsPerMinute: apiBaseUrl =>
        requestsPerMinuteFor(apiBaseUrl, options.requestsPerMinute),
      retry: options.retry,
      shared:
        options.cache &&
        new SharedAnswerCache({
          cache: options.cache,
          ttlMs: options.sharedCacheTtlMs ?? 24 * 60 * 60 * 1000,
          logger: options.logger,
        }),
      stored: options.stored,
      logger: options.logger,
      now: options.now,
      sleep: options.sleep,
      onUpstream: request => {
        if (!options.counters) return;
        if (request.ci) options.counters.ciRequests += 1;
        else options.counters.upstreamRequests += 1;
      },
    });
  }

  /**
   * The new commits for the commit index: those of `tip` that the first
   * excluded tip cannot reach (the compare API), or the newest of `tip`'s
   * history on a first read (the commits list); then each one's changed
   * files (one request per commit, immutable and cached by SHA).
   */
  async listCommitChanges(options: {
    repoUrl: string;
    tip: string;
    exclude: string[];
    limit: number;
  }): Promise<GitCommitChange[]> {
    const repo = await this.repo(options.repoUrl);
    const tip = await this.getCommit({
      repoUrl: options.repoUrl,
      sha: options.tip,
    });
    const limit = Math.max(
      1,
      Math.min(options.limit, this.options.maxIndexedCommits ?? 300),
    );
    let shas: string[] | undefined;
    const base = options.exclude[0];
    if (base) {
      try {
        const range = await this.range(repo, base, tip.sha);
        if (range.complete && range.shas.size <= limit) shas = [...range.shas];
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    if (!shas && limit === 1) shas = [tip.sha]; // Its own answer has its files.
    if (!shas) {
      const list = await this.walk(repo, tip.sha, '', limit - 1, () => true);
      shas = list.commits.map(c => c.sha);
    }
    return Promise.all(shas.map(sha => this.commitChange(repo, sha)));
  }

  /** A path at a commit, from the commit's recursive tree and blobs by SHA. */
  async readTreeEntry(options: {
    repoUrl: string;
    sha: string;
    path: string;
  }): Promise<GitTreeEntry | undefined> {
    const repo = await this.repo(options.repoUrl);
    if (!FULL_SHA.test(options.sha)) {
      throw new GitRevisionNotFoundError(repo.url.key, options.sha);
    }
    const path = normalizeGitPath(options.path);
    if (!path) return { type: 'dir' };
    const tree = await this.tree(repo, options.sha);
    const entry = tree.get(path);
    if (!entry) return undefined;
    if (entry.type === 'tree') return { type: 'dir' };
    if (entry.type !== 'blob') return undefined;
    const params = { owner: repo.owner, repo: repo.repo, file_sha: entry.sha };
    const { data } = await this.request(repo, {
      key: repo.octokit.rest.git.getBlob.endpoint(params).url,
      immutable: true,
      send: extra => repo.octokit.rest.git.getBlob({ ...params, ...extra }),
      map: blob =>
        Buffer.from(
          blob.content,
          blob.encoding === 'base64' ? 'base64' : 'utf8',
        ).toString('utf8'),
    });
    return { type: 'file', content: data };
  }

  /**
   * Whether a path at a commit is a file or a folder, from the commit's
   * recursive tree alone: the render-input resolver asks this of every
   * resource a kustomization lists, and reading each one's blob to say
   * "a file" cost one request per app on a cold start.
   */
  async statTreeEntry(options: {
    repoUrl: string;
    sha: string;
    path: string;
  }): Promise<'file' | 'dir' | undefined> {
    const repo = await this.repo(options.repoUrl);
    if (!FULL_SHA.test(options.sha)) {
      throw new GitRevisionNotFoundError(repo.url.key, options.sha);
    }
    const path = normalizeGitPath(options.path);
    if (!path) return 'dir';
    const entry = (await this.tree(repo, options.sha)).get(path);
    if (entry?.type === 'tree') return 'dir';
    return entry?.type === 'blob' ? 'file' : undefined;
  }

  private async tree(repo: GithubRepo, sha: string) {
    const params = {
      owner: repo.owner,
      repo: repo.repo,
      tree_sha: sha,
      recursive: '1',
    };
    const { data } = await this.request(repo, {
      key: repo.octokit.rest.git.getTree.endpoint(params).url,
      immutable: true,
      send: extra => repo.octokit.rest.git.getTree({ ...params, ...extra }),
      map: found =>
        new Map(
          found.tree
            .filter(e => e.path !== undefined)
            .map(e => [e.path!, { type: e.type ?? '', sha: e.sha ?? '' }]),
        ),
      share: TREE_CODEC,
    });
    return data;
  }

  private async commitChange(
    repo: GithubRepo,
    sha: string,
  ): Promise<GitCommitChange> {
    const { commit, files } = await this.commitWithFiles(repo, sha);
    return { ...commit, files };
  }

  /**
   * A commit by full SHA with its changed files: the single-commit answer
   * carries both, so the commit index and the builders (deployed commits,
   * history entries) share one request per commit instead of one each.
   */
  private async commitWithFiles(
    repo: GithubRepo,
    sha: string,
  ): Promise<DatedCommit & { files: string[] }> {
    const params = { owner: repo.owner, repo: repo.repo, ref: sha };
    const { data } = await this.request(repo, {
      key: `${
        repo.octokit.rest.repos.getCommit.endpoint(params).url
      }#with-files`,
      immutable: true,
      send: extra => repo.octokit.rest.repos.getCommit({ ...params, ...extra }),
      map: commit => ({
        ...toGitCommit(commit as GithubCommitData),
        files: (commit.files ?? []).flatMap(f =>
          f.previous_filename
            ? [f.filename, f.previous_filename]
            : [f.filename],
        ),
      }),
    });
    return data;
  }

  supports(repoUrl: string): boolean {
    try {
      return this.target(parseRepoUrl(repoUrl)) !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * The commit's CI state from the combined-status and check-runs
   * endpoints: two conditional requests (a 304 costs no rate limit),
   * limited per repository like every other read.
   */
  async ciStatus(options: {
    repoUrl: string;
    sha: string;
  }): Promise<GitCiStatus> {
    const repo = await this.repo(options.repoUrl);
    const params = { owner: repo.owner, repo: repo.repo, ref: options.sha };
    const [statuses, checks] = await Promise.all([
      this.request(repo, {
        key: repo.octokit.rest.repos.getCombinedStatusForRef.endpoint(params)
          .url,
        immutable: false,
        ci: true,
        send: extra =>
          repo.octokit.rest.repos.getCombinedStatusForRef({
            ...params,
            ...extra,
          }),
        map: (data): CommitStatuses => ({
          statuses: data.statuses.map(s => ({
            state: s.state,
            target_url: s.target_url,
          })),
        }),
      }),
      this.request(repo, {
        key: repo.octokit.rest.checks.listForRef.endpoint({
          ...params,
          per_page: 100,
        }).url,
        immutable: false,
        ci: true,
        send: extra =>
          repo.octokit.rest.checks.listForRef({
            ...params,
            per_page: 100,
            ...extra,
          }),
        map: (data): CheckRuns => ({
          runs: data.check_runs.map(run => ({
            status: run.status,
            conclusion: run.conclusion,
            details_url: run.details_url,
            html_url: run.html_url,
          })),
        }),
      }),
    ]);
    return combineCiStatus(statuses.data, checks.data);
  }

  async resolveRevision(options: {
    repoUrl: string;
    ref: string;
  }): Promise<string> {
    const repo = await this.repo(options.repoUrl);
    const { ref } = options;
    if (!validRefName(ref)) {
      throw new GitRevisionNotFoundError(repo.url.key, ref);
    }
    const sha = await this.resolveRef(repo, ref);
    if (sha) {
      return sha;
    }
    await this.assertRepositoryReadable(repo);
    throw new GitRevisionNotFoundError(repo.url.key, ref);
  }

  async getCommit(options: {
    repoUrl: string;
    sha: string;
  }): Promise<GitCommit> {
    const repo = await this.repo(options.repoUrl);
    if (!SHORT_SHA.test(options.sha)) {
      throw new GitRevisionNotFoundError(repo.url.key, options.sha);
    }
    const found = await this.orNotFound(
      this.commit(repo, options.sha, FULL_SHA.test(options.sha)),
    );
    if (!found) {
      throw new GitRevisionNotFoundError(repo.url.key, options.sha);
    }
    return found.commit;
  }

  async listCommits(options: {
    repoUrl: string;
    ref: string;
    path?: string;
    since?: string;
    limit: number;
  }): Promise<GitCommitList> {
    const path = normalizeGitPath(options.path);
    const limit = Math.max(0, Math.floor(options.limit));
    const head = await this.resolveRevision(options);
    const repo = await this.repo(options.repoUrl);
    if (!options.since) {
      return this.walk(repo, head, path, limit, () => true);
    }
    const since = await this.getCommit({
      repoUrl: options.repoUrl,
      sha: options.since,
    });
    const range = await this.range(repo, since.sha, head);
    if (range.shas.size === 0) {
      return { commits: [], truncated: !range.complete };
    }
    const stopBefore = range.oldestCommitterDate
      ? Date.parse(range.oldestCommitterDate) - DATE_SLACK_MS
      : -Infinity;
    const list = await this.walk(
      repo,
      head,
      path,
      limit,
      sha => range.shas.has(sha),
      stopBefore,
    );
    return { ...list, truncated: list.truncated || !range.complete };
  }

  async isAncestor(options: {
    repoUrl: string;
    ancestor: string;
    descendant: string;
  }): Promise<boolean> {
    const repo = await this.repo(options.repoUrl);
    const { ancestor, descendant } = options;
    for (const sha of [ancestor, descendant]) {
      if (!SHORT_SHA.test(sha)) {
        throw new GitRevisionNotFoundError(repo.url.key, sha);
      }
    }
    try {
      const { data } = await this.compare(repo, ancestor, descendant, 1, 1);
      // base...head: 'ahead' means head has commits base lacks and none the
      // other way, so base (the ancestor) is reachable from head.
      return data.status === 'ahead' || data.status === 'identical';
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      // A missing SHA, or histories without a common ancestor.
      await this.getCommit({ repoUrl: options.repoUrl, sha: ancestor });
      await this.getCommit({ repoUrl: options.repoUrl, sha: descendant });
      return false;
    }
  }

  async refresh(repoUrl: string): Promise<void> {
    this.client.refresh(parseRepoUrl(repoUrl).key);
  }

  getStaleness(repoUrl: string): GitStaleness | undefined {
    try {
      return this.client.getStaleness(parseRepoUrl(repoUrl).key);
    } catch {
      return undefined;
    }
  }

  /** Branch, then tag, then SHA, as the contract orders them. */
  private async resolveRef(
    repo: GithubRepo,
    ref: string,
  ): Promise<string | undefined> {
    if (FULL_SHA.test(ref)) {
      // Checked first: a SHA is immutable, so this answer is cached for good.
      return (await this.orNotFound(this.commit(repo, ref, true)))?.commit.sha;
    }
    if (ref !== 'HEAD' && !ref.startsWith('refs/tags/')) {
      const branch = await this.branch(repo, ref);
      if (branch) {
        return branch;
      }
    }
    if (ref !== 'HEAD' && !ref.startsWith('refs/heads/')) {
      const tag = await this.tag(repo, ref);
      if (tag) {
        return tag;
      }
    }
    if (ref === 'HEAD') {
      return this.branch(repo, (await this.repository(repo)).defaultBranch);
    }
    if (SHORT_SHA.test(ref)) {
      return (await this.orNotFound(this.commit(repo, ref, false)))?.commit.sha;
    }
    return undefined;
  }

  /**
   * Walks `head`'s history on the path, newest first, keeping commits
   * `include` accepts, until `limit + 1` are kept, the history ends, or a
   * page ends before `stopBefore` (committer time).
   */
  private async walk(
    repo: GithubRepo,
    head: string,
    path: string,
    limit: number,
    include: (sha: string) => boolean,
    stopBefore = -Infinity,
  ): Promise<GitCommitList> {
    const kept: GitCommit[] = [];
    const perPage =
      stopBefore === -Infinity ? Math.min(PAGE_SIZE, limit + 1) : PAGE_SIZE;
    for (let page = 1; kept.length <= limit; page++) {
      const params = {
        owner: repo.owner,
        repo: repo.repo,
        sha: head,
        per_page: perPage,
        page,
        ...(path ? { path } : {}),
      };
      const { data, link } = await this.request(repo, {
        key: repo.octokit.rest.repos.listCommits.endpoint(params).url,
        // A list starting at a SHA never changes.
        immutable: true,
        send: extra =>
          repo.octokit.rest.repos.listCommits({ ...params, ...extra }),
        map: commits => commits.map(c => toGitCommit(c as GithubCommitData)),
      });
      kept.push(...data.filter(c => include(c.commit.sha)).map(c => c.commit));
      const last = data[data.length - 1]?.committerDate;
      const pastRange = last !== undefined && Date.parse(last) < stopBefore;
      if (!hasNextPage(link) || data.length === 0 || pastRange) {
        break;
      }
    }
    return { commits: kept.slice(0, limit), truncated: kept.length > limit };
  }

  /** The commits in `head` that `base` cannot reach (`head ^base`). */
  private async range(
    repo: GithubRepo,
    base: string,
    head: string,
  ): Promise<RangeCommits> {
    const maxPages = Math.ceil(
      (this.options.maxRangeCommits ?? 1000) / PAGE_SIZE,
    );
    const shas = new Set<string>();
    let oldest: string | undefined;
    let aheadBy = 0;
    for (let page = 1; page <= maxPages; page++) {
      const { data, link } = await this.compare(
        repo,
        base,
        head,
        PAGE_SIZE,
        page,
      );
      aheadBy = data.aheadBy;
      for (const commit of data.commits) {
        shas.add(commit.sha);
        if (commit.date && (!oldest || commit.date < oldest)) {
          oldest = commit.date;
        }
      }
      if (
        shas.size >= aheadBy ||
        !hasNextPage(link) ||
        data.commits.length === 0
      ) {
        break;
      }
    }
    return {
      shas,
      oldestCommitterDate: oldest,
      complete: shas.size >= aheadBy,
    };
  }

  private compare(
    repo: GithubRepo,
    base: string,
    head: string,
    perPage: number,
    page: number,
  ) {
    const params = {
      owner: repo.owner,
      repo: repo.repo,
      basehead: `${base}...${head}`,
      per_page: perPage,
      page,
    };
    return this.request(repo, {
      key: repo.octokit.rest.repos.compareCommitsWithBasehead.endpoint(params)
        .url,
      immutable: FULL_SHA.test(base) && FULL_SHA.test(head),
      send: extra =>
        repo.octokit.rest.repos.compareCommitsWithBasehead({
          ...params,
          ...extra,
        }),
      map: data => ({
        status: data.status,
        aheadBy: data.ahead_by,
        commits: data.commits.map(c => ({
          sha: c.sha,
          date: c.commit.committer?.date ?? c.commit.author?.date,
        })),
      }),
    });
  }

  private async commit(
    repo: GithubRepo,
    ref: string,
    immutable: boolean,
  ): Promise<DatedCommit> {
    if (immutable && FULL_SHA.test(ref)) {
      const { commit, committerDate } = await this.commitWithFiles(repo, ref);
      return { commit, committerDate };
    }
    const params = { owner: repo.owner, repo: repo.repo, ref };
    const { data } = await this.request(repo, {
      key: repo.octokit.rest.repos.getCommit.endpoint(params).url,
      immutable,
      send: extra => repo.octokit.rest.repos.getCommit({ ...params, ...extra }),
      // Keeps the metadata only: the answer also carries every file's patch.
      map: commit => toGitCommit(commit as GithubCommitData),
    });
    return data;
  }

  private async branch(repo: GithubRepo, ref: string) {
    const name = ref.replace(/^refs\/heads\//, '');
    const target = await this.orNotFound(this.ref(repo, `heads/${name}`));
    return target?.type === 'commit' ? target.sha : undefined;
  }

  /** A tag's commit; an annotated tag is resolved by name to its commit. */
  private async tag(repo: GithubRepo, ref: string) {
    const name = ref.replace(/^refs\/tags\//, '');
    const target = await this.orNotFound(this.ref(repo, `tags/${name}`));
    if (target?.type === 'tag') {
      // getCommit peels the tag (however nested) in one request, where
      // git.getTag would take one request per level.
      return (await this.commit(repo, name, false)).commit.sha;
    }
    return target?.type === 'commit' ? target.sha : undefined;
  }

  private async ref(repo: GithubRepo, ref: string) {
    const params = { owner: repo.owner, repo: repo.repo, ref };
    const { data } = await this.request(repo, {
      key: repo.octokit.rest.git.getRef.endpoint(params).url,
      immutable: false,
      send: extra => repo.octokit.rest.git.getRef({ ...params, ...extra }),
      // Old GHE versions answer a prefix match with an array: not this ref.
      map: found =>
        Array.isArray(found)
          ? undefined
          : { type: found.object.type, sha: found.object.sha },
    });
    return data;
  }

  private async repository(repo: GithubRepo) {
    const params = { owner: repo.owner, repo: repo.repo };
    const { data } = await this.request(repo, {
      key: repo.octokit.rest.repos.get.endpoint(params).url,
      immutable: false,
      send: headers => repo.octokit.rest.repos.get({ ...params, ...headers }),
      map: found => ({ defaultBranch: found.default_branch }),
    });
    return data;
  }

  /** Turns "the repository is not there or not readable" into its own error. */
  private async assertRepositoryReadable(repo: GithubRepo): Promise<void> {
    try {
      await this.repository(repo);
    } catch (error) {
      if (isNotFound(error)) {
        throw new GithubRequestError(
          repo.url.key,
          404,
          'the repository does not exist or the configured credentials cannot read it',
        );
      }
      throw error;
    }
  }

  private request<R, T>(
    repo: GithubRepo,
    request: {
      key: string;
      immutable: boolean;
      ci?: boolean;
      share?: false | ShareCodec<T>;
      send(params: {
        headers: Record<string, string>;
        request: { signal: AbortSignal };
      }): Promise<UpstreamResponse<R>>;
      map(data: R): T;
    },
  ): Promise<ConditionalResult<T>> {
    return this.client.get({
      key: request.key,
      repoKey: repo.url.key,
      limitKey: repo.limitKey,
      immutable: request.immutable,
      map: request.map,
      ci: request.ci,
      share: request.share,
      send: headers =>
        request.send({
          headers: { ...repo.authorization, ...headers },
          request: {
            signal: AbortSignal.timeout(
              this.options.requestTimeoutMs ?? 30_000,
            ),
          },
        }),
    });
  }

  private async orNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
    try {
      return await promise;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  private target(url: RepoUrl) {
    if (url.scheme === 'file') {
      return undefined;
    }
    const apiBaseUrl = this.options.integrations.github.byHost(url.host)?.config
      .apiBaseUrl;
    const segments = url.path.split('/');
    if (!apiBaseUrl || segments.length !== 2) {
      return undefined;
    }
    return { apiBaseUrl, owner: segments[0], repo: segments[1] };
  }

  private async repo(repoUrl: string): Promise<GithubRepo> {
    const url = parseRepoUrl(repoUrl);
    const target = this.target(url);
    if (!target) {
      throw new Error(
        `${url.key} is not a repository on a GitHub host of integrations.github with an apiBaseUrl`,
      );
    }
    const { token } = await this.credentials.getCredentials({
      url: `https://${url.host}/${target.owner}/${target.repo}`,
    });
    const identity = token
      ? createHash('sha256').update(token).digest('hex').slice(0, 12)
      : 'anonymous';
    return {
      url,
      owner: target.owner,
      repo: target.repo,
      octokit: this.octokit(target.apiBaseUrl),
      authorization: token ? { authorization: `token ${token}` } : {},
      limitKey: `${target.apiBaseUrl} ${identity}`,
    };
  }

  private octokit(baseUrl: string): Octokit {
    let octokit = this.octokits.get(baseUrl);
    if (!octokit) {
      const { logger } = this.options;
      octokit = new Octokit({
        baseUrl,
        userAgent: 'backstage-gitops-console',
        request: this.options.fetch ? { fetch: this.options.fetch } : {},
        log: {
          debug: () => {},
          info: () => {},
          warn: message => logger?.warn(message),
          error: message => logger?.error(message),
        },
      });
      this.octokits.set(baseUrl, octokit);
    }
    return octokit;
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof GithubStatusError &&
    (error.status === 404 || error.status === 422 || error.status === 409)
  );
}

function hasNextPage(link: string | undefined): boolean {
  return !!link && /rel="next"/.test(link);
}
