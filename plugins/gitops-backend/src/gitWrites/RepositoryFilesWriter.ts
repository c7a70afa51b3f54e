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
import type { Octokit } from '@octokit/rest';
import { GitUrlAllowList } from '../git/GitUrlAllowList';
import {
  GitHttpCredentials,
  IntegrationGitCredentials,
} from '../git/plain/gitHttpCredentials';
import type { GitRunner } from '../git/plain/gitRunner';
import { readGitConfig } from '../git/readGitConfig';
import { parseRepoUrl } from '../git/repoUrl';
import { addFilesBranchName, makeAddFilesCommit } from './addFilesCommit';
import { BranchMovedError } from './errors';
import { findActionCommit } from './findActionCommit';
import { GithubActionWriter } from './GithubActionWriter';
import {
  earlierBranchCommit,
  findPullRequest,
  openPullRequest,
} from './githubBranchAndPull';
import { earlierPushedCommit, pushCommit } from './plainGitPush';
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
  /** Builds GitHub clients as the actions' writer does. */
  private readonly githubWriter: GithubActionWriter;

  constructor(private readonly options: RepositoryFilesWriterOptions) {
    this.github =
      options.github ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.githubWriter = new GithubActionWriter({
      integrations: options.integrations,
      actions: options.actions,
      credentials: this.github,
      fetch: options.fetch,
    });
  }

  async checkRepository(repoUrl: string): Promise<GitOpsRepositoryTarget> {
    this.options.allowList.check(repoUrl);
    const provider = this.githubWriter.serves(repoUrl) ? 'github' : 'git';
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
        const earlier = await earlierPushedCommit(
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
        try {
          await pushCommit(workspace, made.commit, pushedBranch);
        } catch (error) {
          // Another call of the same write created the branch first.
          const winner =
            error instanceof BranchMovedError && mode === 'branch'
              ? await earlierPushedCommit(
                  workspace,
                  pushedBranch,
                  context.writeId,
                )
              : undefined;
          if (!winner) throw error;
          return { mode, commitSha: winner, pushedBranch, reused: true };
        }
        return { mode, commitSha: made.commit, pushedBranch, reused: false };
      },
    );
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
          : await earlierBranchCommit(gh, pushedBranch, context.writeId);
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
        const pullRequest =
          (await findPullRequest(gh, pushedBranch, request.branch)) ??
          (await openPullRequest(gh, {
            branch: pushedBranch,
            base: request.branch,
            title: request.title,
            body: request.body ?? '',
          }));
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
        : await earlierBranchCommit(gh, branch, context.writeId);
      if (!winner) throw new BranchMovedError(branch, String(error));
      return winner;
    }
  }

  private async githubRepo(repoUrl: string): Promise<GithubRepo> {
    const { octokit, owner, repo } = await this.githubWriter.client(repoUrl);
    const host = parseRepoUrl(repoUrl).host;
    const { token } = await this.github.getCredentials({
      url: `https://${host}/${owner}/${repo}`,
    });
    return { host, owner, repo, octokit, token };
  }
}
