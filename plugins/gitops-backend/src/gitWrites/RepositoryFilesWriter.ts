import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import type {
  GitOpsAddFilesRequest,
  GitOpsAddFilesResult,
  GitOpsRepositoryTarget,
  GitOpsRepositoryWriter,
  GitOpsWriteContext,
} from '@gitops-console/plugin-gitops-node';
import { Octokit } from '@octokit/rest';
import { GitUrlAllowList } from '../git/GitUrlAllowList';
import {
  GitHttpCredentials,
  IntegrationGitCredentials,
} from '../git/plain/gitHttpCredentials';
import type { GitRunner } from '../git/plain/gitRunner';
import { readGitConfig } from '../git/readGitConfig';
import { parseRepoUrl, RepoUrl } from '../git/repoUrl';
import { addFilesBranchName, makeAddFilesCommit } from './addFilesCommit';
import { hasActionTrailer } from './commitMessage';
import { ActionBranchTakenError, BranchMovedError } from './errors';
import { findActionCommit } from './findActionCommit';
import { GitWorkspace } from './GitWorkspace';
import {
  ActionsGitConfig,
  deliveryModeFor,
  readActionsConfig,
} from './readActionsConfig';

export interface RepositoryFilesWriterOptions {
  integrations: ScmIntegrationRegistry;
  actions: ActionsGitConfig;
  allowList: GitUrlAllowList;
  /** Credentials of plain Git repositories. */
  credentials?: GitHttpCredentials;
  github?: GithubCredentialsProvider;
  /** Where a GitHub repository's clone is fetched from; default its https URL. */
  cloneUrl?: (target: { host: string; owner: string; repo: string }) => string;
  fetch?: typeof fetch;
  runner?: GitRunner;
  timeoutMs?: number;
}

interface GithubRepo {
  host: string;
  owner: string;
  repo: string;
  octokit: Octokit;
  token?: string;
}

const status = (error: unknown) => (error as { status?: number }).status;

/**
 * Adds new files to a GitOps repository as one commit by the bot identity,
 * delivered as `gitops.actions.git` says for the repository: a pull request
 * (GitHub), a branch, or a direct push. A repeated call with the same
 * write id finds the first call's commit (by its trailer) and writes
 * nothing new. Implements the gitops-node `GitOpsRepositoryWriter`.
 */
export class RepositoryFilesWriter implements GitOpsRepositoryWriter {
  static fromConfig(
    config: Config,
    options: Partial<RepositoryFilesWriterOptions> = {},
  ): RepositoryFilesWriter {
    const integrations = ScmIntegrations.fromConfig(config);
    const git = readGitConfig(config);
    return new RepositoryFilesWriter({
      integrations,
      actions: readActionsConfig(config),
      allowList: new GitUrlAllowList(integrations, git.allowedHosts),
      credentials: new IntegrationGitCredentials(integrations),
      timeoutMs: git.timeoutSeconds * 2000,
      ...options,
    });
  }

  private readonly github: GithubCredentialsProvider;

  constructor(private readonly options: RepositoryFilesWriterOptions) {
    this.github =
      options.github ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  async checkRepository(repoUrl: string): Promise<GitOpsRepositoryTarget> {
    const url = this.options.allowList.check(repoUrl);
    const provider = this.githubApi(url) ? 'github' : 'git';
    return {
      provider,
      mode: deliveryModeFor(this.options.actions, repoUrl, provider),
    };
  }

  async addFiles(
    request: GitOpsAddFilesRequest,
    context: GitOpsWriteContext,
  ): Promise<GitOpsAddFilesResult> {
    const target = await this.checkRepository(request.repoUrl);
    return target.provider === 'github'
      ? this.addOnGithub(request, context, target.mode)
      : this.addOnPlainGit(request, context, target.mode);
  }

  private async addOnPlainGit(
    request: GitOpsAddFilesRequest,
    context: GitOpsWriteContext,
    configured: GitOpsRepositoryTarget['mode'],
  ): Promise<GitOpsAddFilesResult> {
    // A pull request needs a forge; plain Git gets the branch to open one from.
    const mode = configured === 'pull-request' ? 'branch' : configured;
    const pushedBranch =
      mode === 'direct' ? request.branch : addFilesBranchName(context.writeId);
    const url = parseRepoUrl(request.repoUrl);
    return GitWorkspace.use(
      {
        repoUrl: request.repoUrl,
        branch: request.branch,
        authorization: await this.options.credentials?.authorization(url),
        runner: this.options.runner,
        timeoutMs: this.options.timeoutMs,
      },
      async workspace => {
        const earlier = await this.earlierPlainCommit(
          workspace,
          pushedBranch,
          context.writeId,
        );
        if (earlier) {
          return { mode, commitSha: earlier, pushedBranch, reused: true };
        }
        const made = await makeAddFilesCommit(
          workspace,
          request,
          context,
          this.options.actions.botIdentity,
        );
        const pushed = await workspace.call(
          [
            'push',
            '--porcelain',
            '--quiet',
            'origin',
            `${made.commit}:refs/heads/${pushedBranch}`,
          ],
          { okCodes: [1] },
        );
        if (pushed.exitCode !== 0) {
          // Another call of the same write created the branch first.
          const winner =
            mode === 'branch'
              ? await this.earlierPlainCommit(
                  workspace,
                  pushedBranch,
                  context.writeId,
                )
              : undefined;
          if (winner) {
            return { mode, commitSha: winner, pushedBranch, reused: true };
          }
          throw new BranchMovedError(
            pushedBranch,
            pushed.stderr.trim().split('\n').pop() || 'rejected',
          );
        }
        return { mode, commitSha: made.commit, pushedBranch, reused: false };
      },
    );
  }

  /** The commit an earlier call of this write pushed, if any. */
  private async earlierPlainCommit(
    workspace: GitWorkspace,
    branch: string,
    writeId: string,
  ): Promise<string | undefined> {
    if (branch === workspace.branch) {
      return findActionCommit(
        workspace,
        `refs/remotes/origin/${branch}`,
        writeId,
      );
    }
    const listed = await workspace.git([
      'ls-remote',
      '--heads',
      'origin',
      `refs/heads/${branch}`,
    ]);
    if (!listed.trim()) return undefined;
    await workspace.git([
      'fetch',
      '--quiet',
      'origin',
      `+refs/heads/${branch}:refs/gitops/write`,
    ]);
    const found = await findActionCommit(
      workspace,
      'refs/gitops/write',
      writeId,
      1,
    );
    if (!found) throw new ActionBranchTakenError(branch);
    return found;
  }

  private async addOnGithub(
    request: GitOpsAddFilesRequest,
    context: GitOpsWriteContext,
    mode: GitOpsRepositoryTarget['mode'],
  ): Promise<GitOpsAddFilesResult> {
    const gh = await this.githubRepo(request.repoUrl);
    const direct = mode === 'direct';
    const pushedBranch = direct
      ? request.branch
      : addFilesBranchName(context.writeId);
    const cloneUrl =
      this.options.cloneUrl?.(gh) ??
      `https://${gh.host}/${gh.owner}/${gh.repo}.git`;
    return GitWorkspace.use(
      {
        repoUrl: cloneUrl,
        branch: request.branch,
        authorization: gh.token
          ? `Basic ${Buffer.from(`x-access-token:${gh.token}`).toString(
              'base64',
            )}`
          : undefined,
        runner: this.options.runner,
        timeoutMs: this.options.timeoutMs,
      },
      async workspace => {
        let commitSha = direct
          ? await findActionCommit(
              workspace,
              `refs/remotes/origin/${request.branch}`,
              context.writeId,
            )
          : await this.earlierGithubCommit(gh, pushedBranch, context.writeId);
        const reused = commitSha !== undefined;
        if (!commitSha) {
          commitSha = await this.pushToGithub(
            gh,
            workspace,
            request,
            context,
            pushedBranch,
            direct,
          );
        }
        if (mode !== 'pull-request') {
          return { mode, commitSha, pushedBranch, reused };
        }
        const pullRequest = await this.pullRequest(gh, pushedBranch, request);
        return {
          mode,
          commitSha,
          pushedBranch,
          reused: reused && pullRequest.reused,
          pullRequest: { number: pullRequest.number, url: pullRequest.url },
        };
      },
    );
  }

  /** Sends the new blobs, the tree and the commit, then moves the branch. */
  private async pushToGithub(
    gh: GithubRepo,
    workspace: GitWorkspace,
    request: GitOpsAddFilesRequest,
    context: GitOpsWriteContext,
    branch: string,
    direct: boolean,
  ): Promise<string> {
    const { octokit, owner, repo } = gh;
    // Made locally first: it refuses existing paths and gives the tree to expect.
    const made = await makeAddFilesCommit(
      workspace,
      request,
      context,
      this.options.actions.botIdentity,
    );
    const tree = [];
    for (const [file, content] of Object.entries(request.files)) {
      const { data } = await octokit.rest.git.createBlob({
        owner,
        repo,
        content: Buffer.from(content, 'utf8').toString('base64'),
        encoding: 'base64',
      });
      tree.push({
        path: file,
        mode: '100644' as const,
        type: 'blob' as const,
        sha: data.sha,
      });
    }
    const { data: created } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: made.headTree,
      tree,
    });
    if (created.sha !== made.tree) {
      throw new Error(
        `GitHub built tree ${created.sha}, expected ${made.tree}; nothing was pushed`,
      );
    }
    const identity = { ...this.options.actions.botIdentity };
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: made.message,
      tree: created.sha,
      parents: [made.head],
      author: identity,
      committer: identity,
    });
    try {
      if (direct) {
        await octokit.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha: commit.sha,
          force: false,
        });
      } else {
        await octokit.rest.git.createRef({
          owner,
          repo,
          ref: `refs/heads/${branch}`,
          sha: commit.sha,
        });
      }
      return commit.sha;
    } catch (error) {
      if (status(error) !== 422) throw error;
      const winner = direct
        ? undefined
        : await this.earlierGithubCommit(gh, branch, context.writeId);
      if (!winner) throw new BranchMovedError(branch, String(error));
      return winner;
    }
  }

  private async earlierGithubCommit(
    gh: GithubRepo,
    branch: string,
    writeId: string,
  ): Promise<string | undefined> {
    const { octokit, owner, repo } = gh;
    let sha: string;
    try {
      sha = (
        await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })
      ).data.object.sha;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
    const { data } = await octokit.rest.git.getCommit({
      owner,
      repo,
      commit_sha: sha,
    });
    if (!hasActionTrailer(data.message, writeId)) {
      throw new ActionBranchTakenError(branch);
    }
    return sha;
  }

  /** The open pull request of the branch, opened when there is none yet. */
  private async pullRequest(
    gh: GithubRepo,
    branch: string,
    request: GitOpsAddFilesRequest,
  ): Promise<{ number: number; url: string; reused: boolean }> {
    const { octokit, owner, repo } = gh;
    const find = async () => {
      const { data } = await octokit.rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${owner}:${branch}`,
        base: request.branch,
        per_page: 10,
      });
      const found = data.find(pr => pr.head.ref === branch);
      return found
        ? { number: found.number, url: found.html_url, reused: true }
        : undefined;
    };
    const existing = await find();
    if (existing) return existing;
    try {
      const { data } = await octokit.rest.pulls.create({
        owner,
        repo,
        head: branch,
        base: request.branch,
        title: request.title,
        body: request.body ?? '',
      });
      return { number: data.number, url: data.html_url, reused: false };
    } catch (error) {
      const opened = status(error) === 422 ? await find() : undefined;
      if (!opened) throw error;
      return opened;
    }
  }

  private githubApi(url: RepoUrl) {
    if (url.scheme === 'file') return undefined;
    const config = this.options.integrations.github.byHost(url.host)?.config;
    const segments = url.path.split('/');
    return config?.apiBaseUrl && segments.length === 2
      ? { apiBaseUrl: config.apiBaseUrl, owner: segments[0], repo: segments[1] }
      : undefined;
  }

  private async githubRepo(repoUrl: string): Promise<GithubRepo> {
    const url = parseRepoUrl(repoUrl);
    const api = this.githubApi(url)!;
    const { token } = await this.github.getCredentials({
      url: `https://${url.host}/${api.owner}/${api.repo}`,
    });
    const octokit = new Octokit({
      baseUrl: api.apiBaseUrl,
      auth: token,
      userAgent: 'backstage-gitops-console',
      request: this.options.fetch ? { fetch: this.options.fetch } : {},
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    return { host: url.host, owner: api.owner, repo: api.repo, octokit, token };
  }
}
