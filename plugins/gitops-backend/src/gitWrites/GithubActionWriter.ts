import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import type { GitRunner } from '../git/plain/gitRunner';
import { readGitConfig } from '../git/readGitConfig';
import { parseRepoUrl } from '../git/repoUrl';
import { actionBranchName, actionTitle, commitMessage } from './commitMessage';
import { BranchMovedError } from './errors';
import { findActionCommit } from './findActionCommit';
import {
  earlierBranchCommit,
  findPullRequest,
  openPullRequest,
} from './githubBranchAndPull';
import { GitWorkspace } from './GitWorkspace';
import { planAction } from './planAction';
import { pullRequestBody } from './pullRequestBody';
import {
  ActionsGitConfig,
  DeliveryMode,
  deliveryModeFor,
  readActionsConfig,
} from './readActionsConfig';
import type {
  ActionContext,
  GitActionPlan,
  GitActionRequest,
  GitActionResult,
} from './types';

export interface GithubActionWriterOptions {
  integrations: ScmIntegrationRegistry;
  actions: ActionsGitConfig;
  credentials?: GithubCredentialsProvider;
  /**
   * Where the plan's clone is fetched from; default
   * `https://<integration host>/<owner>/<repo>.git`, with the same token.
   */
  cloneUrl?: (target: { host: string; owner: string; repo: string }) => string;
  /** The fetch implementation Octokit uses; for proxies and tests. */
  fetch?: typeof fetch;
  runner?: GitRunner;
  timeoutMs?: number;
}

interface TreeEntry {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  type: 'blob' | 'commit';
  sha: string | null;
}

const entryType = (mode: string): TreeEntry['type'] =>
  mode === '160000' ? 'commit' : 'blob';

interface GithubTarget {
  host: string;
  owner: string;
  repo: string;
  octokit: Octokit;
  token?: string;
}

const status = (error: unknown) => (error as { status?: number }).status;
const messageOf = (error: unknown) =>
  String(
    (error as { response?: { data?: { message?: string } } }).response?.data
      ?.message ?? (error as Error).message,
  );

/**
 * Rollback and revert-commit on GitHub: the plan is computed in a
 * temporary clone (as on plain Git), then delivered through the REST API
 * (blobs, a tree based on the head's, one commit) on the action's branch
 * with a pull request, or on the tracked branch (`direct`).
 */
export class GithubActionWriter {
  static fromConfig(
    config: Config,
    options: Partial<GithubActionWriterOptions> = {},
  ): GithubActionWriter {
    return new GithubActionWriter({
      integrations: ScmIntegrations.fromConfig(config),
      actions: readActionsConfig(config),
      timeoutMs: readGitConfig(config).timeoutSeconds * 2000,
      ...options,
    });
  }

  private readonly credentials: GithubCredentialsProvider;

  constructor(private readonly options: GithubActionWriterOptions) {
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  /** Whether a repository URL is on a GitHub host this writer can write to. */
  serves(repoUrl: string): boolean {
    try {
      return this.locate(repoUrl) !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * The Octokit client (integration token or App) for a repository, built
   * as the writer builds it; for readers of the same repositories, such as
   * the pull request state the action progress tracker polls.
   */
  async client(
    repoUrl: string,
  ): Promise<{ octokit: Octokit; owner: string; repo: string }> {
    const { octokit, owner, repo } = await this.target(repoUrl);
    return { octokit, owner, repo };
  }

  async preview(request: GitActionRequest): Promise<GitActionPlan> {
    const target = await this.target(request.repoUrl);
    return this.withWorkspace(target, request, workspace =>
      planAction(workspace, request, this.planOptions()),
    );
  }

  /**
   * Makes the action's commit and delivers it. Repeating the call for the
   * same action id reuses the branch, its commit and the open pull
   * request, and opens the pull request when an earlier call stopped
   * before it.
   */
  async execute(
    request: GitActionRequest,
    context: ActionContext,
    options: { mode?: DeliveryMode } = {},
  ): Promise<GitActionResult> {
    const mode =
      options.mode ??
      deliveryModeFor(this.options.actions, request.repoUrl, 'github');
    const target = await this.target(request.repoUrl);
    const direct = mode === 'direct';
    const pushedBranch = direct
      ? request.branch
      : actionBranchName(context.actionId);

    return this.withWorkspace(target, request, async workspace => {
      let plan: GitActionPlan | undefined;
      let commitSha = direct
        ? await findActionCommit(
            workspace,
            `refs/remotes/origin/${request.branch}`,
            context.actionId,
          )
        : await this.earlierBranchCommit(
            target,
            pushedBranch,
            context.actionId,
          );
      const reused = commitSha !== undefined;
      if (!commitSha) {
        plan = await planAction(workspace, request, this.planOptions());
        const made = await this.createCommit(target, workspace, plan, context);
        commitSha = await this.moveBranch(
          target,
          pushedBranch,
          made,
          direct,
          context.actionId,
        );
      }
      if (mode !== 'pull-request') {
        return { plan, mode, commitSha, pushedBranch, reused };
      }
      let pullRequest = await this.findPullRequest(
        target,
        pushedBranch,
        request.branch,
      );
      if (!pullRequest) {
        // The body needs the plan; the tracked branch is still unchanged.
        plan ??= await planAction(workspace, request, this.planOptions());
        pullRequest = await this.openPullRequest(
          target,
          pushedBranch,
          request.branch,
          plan,
          context,
        );
      }
      return {
        plan,
        mode,
        commitSha,
        pushedBranch,
        reused: reused && pullRequest.reused,
        pullRequest: { number: pullRequest.number, url: pullRequest.url },
      };
    });
  }

  /** Uploads the changed files and creates the commit; answers its SHA. */
  private async createCommit(
    target: GithubTarget,
    workspace: GitWorkspace,
    plan: GitActionPlan,
    context: ActionContext,
  ): Promise<string> {
    const { octokit, owner, repo } = target;
    const headTree = (
      await workspace.git(['rev-parse', `${plan.head}^{tree}`])
    ).trim();
    const raw = await workspace.git([
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      headTree,
      plan.resultTree,
    ]);
    const parts = raw.split('\0').filter(Boolean);
    const tree: TreeEntry[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      // ":<old mode> <new mode> <old sha> <new sha> <status>", then the path.
      const [oldMode, newMode, , newSha, change] = parts[i].slice(1).split(' ');
      const path = parts[i + 1];
      if (change === 'D') {
        tree.push({
          path,
          mode: oldMode as TreeEntry['mode'],
          type: entryType(oldMode),
          sha: null,
        });
        continue;
      }
      if (newMode !== '160000') {
        // A revert's merged files exist only here, so every new blob is sent.
        const bytes = await workspace.blob(newSha);
        const { data } = await octokit.rest.git.createBlob({
          owner,
          repo,
          content: bytes.toString('base64'),
          encoding: 'base64',
        });
        if (data.sha !== newSha) {
          throw new Error(
            `GitHub stored blob ${data.sha} for ${path}, expected ${newSha}; nothing was pushed`,
          );
        }
      }
      tree.push({
        path,
        mode: newMode as TreeEntry['mode'],
        type: entryType(newMode),
        sha: newSha,
      });
    }
    const { data: created } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: headTree,
      tree,
    });
    if (created.sha !== plan.resultTree) {
      throw new Error(
        `GitHub built tree ${created.sha}, expected ${plan.resultTree}; nothing was pushed`,
      );
    }
    const identity = { ...this.options.actions.botIdentity };
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: commitMessage(plan, context),
      tree: created.sha,
      parents: [plan.head],
      author: identity,
      committer: identity,
    });
    return commit.sha;
  }

  /**
   * Points the branch at the commit: a fast-forward of the tracked branch
   * (`direct`), or a new action branch. Answers the commit the branch holds:
   * ours, or the one a concurrent call of the same action created first.
   */
  private async moveBranch(
    target: GithubTarget,
    branch: string,
    sha: string,
    direct: boolean,
    actionId: string,
  ): Promise<string> {
    const { octokit, owner, repo } = target;
    try {
      if (direct) {
        await octokit.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${branch}`,
          sha,
          force: false,
        });
      } else {
        await octokit.rest.git.createRef({
          owner,
          repo,
          ref: `refs/heads/${branch}`,
          sha,
        });
      }
      return sha;
    } catch (error) {
      if (status(error) !== 422) throw error;
      if (direct) throw new BranchMovedError(branch, messageOf(error));
      const winner = await this.earlierBranchCommit(target, branch, actionId);
      if (!winner) throw error;
      return winner;
    }
  }

  /** The commit on the action's branch, when an earlier call made it. */
  private earlierBranchCommit(
    target: GithubTarget,
    branch: string,
    actionId: string,
  ): Promise<string | undefined> {
    return earlierBranchCommit(target, branch, actionId);
  }

  private findPullRequest(target: GithubTarget, branch: string, base: string) {
    return findPullRequest(target, branch, base);
  }

  private openPullRequest(
    target: GithubTarget,
    branch: string,
    base: string,
    plan: GitActionPlan,
    context: ActionContext,
  ) {
    // Another call of the same action may have opened it meanwhile.
    return openPullRequest(target, {
      branch,
      base,
      title: `GitOps Console: ${actionTitle(plan)}`,
      body: pullRequestBody(plan, context),
    });
  }

  private planOptions() {
    return { riskyCommitPattern: this.options.actions.riskyCommitPattern };
  }

  private locate(repoUrl: string) {
    const url = parseRepoUrl(repoUrl);
    const config =
      url.scheme === 'file'
        ? undefined
        : this.options.integrations.github.byHost(url.host)?.config;
    const segments = url.path.split('/');
    if (!config?.apiBaseUrl || segments.length !== 2) return undefined;
    return {
      url,
      apiBaseUrl: config.apiBaseUrl,
      owner: segments[0],
      repo: segments[1],
    };
  }

  private async target(repoUrl: string): Promise<GithubTarget> {
    const located = this.locate(repoUrl);
    if (!located) {
      throw new Error(
        `${
          parseRepoUrl(repoUrl).key
        } is not a repository on a GitHub host of integrations.github with an apiBaseUrl`,
      );
    }
    const { url, apiBaseUrl, owner, repo } = located;
    const { token } = await this.credentials.getCredentials({
      url: `https://${url.host}/${owner}/${repo}`,
    });
    const octokit = new Octokit({
      baseUrl: apiBaseUrl,
      auth: token,
      userAgent: 'backstage-gitops-console',
      request: this.options.fetch ? { fetch: this.options.fetch } : {},
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    return { host: url.host, owner, repo, octokit, token };
  }

  private async withWorkspace<T>(
    target: GithubTarget,
    request: GitActionRequest,
    work: (workspace: GitWorkspace) => Promise<T>,
  ): Promise<T> {
    const cloneUrl =
      this.options.cloneUrl?.(target) ??
      `https://${target.host}/${target.owner}/${target.repo}.git`;
    return GitWorkspace.use(
      {
        repoUrl: cloneUrl,
        branch: request.branch,
        authorization: target.token
          ? `Basic ${Buffer.from(`x-access-token:${target.token}`).toString(
              'base64',
            )}`
          : undefined,
        runner: this.options.runner,
        timeoutMs: this.options.timeoutMs,
      },
      work,
    );
  }
}
