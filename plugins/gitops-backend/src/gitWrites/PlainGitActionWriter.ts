import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitUrlAllowList } from '../git/GitUrlAllowList';
import {
  GitHttpCredentials,
  IntegrationGitCredentials,
} from '../git/plain/gitHttpCredentials';
import type { GitRunner } from '../git/plain/gitRunner';
import { readGitConfig } from '../git/readGitConfig';
import { parseRepoUrl } from '../git/repoUrl';
import { actionBranchName, commitMessage, identityEnv } from './commitMessage';
import { BranchMovedError } from './errors';
import { GitWorkspace } from './GitWorkspace';
import { planAction } from './planAction';
import { earlierPushedCommit, pushCommit } from './plainGitPush';
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

export interface PlainGitActionWriterOptions {
  actions: ActionsGitConfig;
  credentials?: GitHttpCredentials;
  /** When set, every repository URL must pass it. */
  allowList?: GitUrlAllowList;
  runner?: GitRunner;
  /** Bound of each git process (clone, push). Default 60 s. */
  timeoutMs?: number;
}

/**
 * Rollback and revert-commit on any Git repository over smart HTTP (or
 * file://): a temporary clone computes the plan and the one new commit,
 * which is pushed to the tracked branch (`direct`) or to the action's own
 * branch (`branch`). Every refusal and conflict is raised before the push.
 */
export class PlainGitActionWriter {
  static fromConfig(
    config: Config,
    options: Partial<PlainGitActionWriterOptions> = {},
  ): PlainGitActionWriter {
    const integrations = ScmIntegrations.fromConfig(config);
    const git = readGitConfig(config);
    return new PlainGitActionWriter({
      actions: readActionsConfig(config),
      credentials: new IntegrationGitCredentials(integrations),
      allowList: new GitUrlAllowList(integrations, git.allowedHosts),
      timeoutMs: git.timeoutSeconds * 2000,
      ...options,
    });
  }

  constructor(private readonly options: PlainGitActionWriterOptions) {}

  /** What the action would do; writes nothing. */
  async preview(request: GitActionRequest): Promise<GitActionPlan> {
    return this.withWorkspace(request, workspace =>
      planAction(workspace, request, this.planOptions()),
    );
  }

  /**
   * Makes the action's commit and pushes it. A repeated call for the same
   * action id finds the commit it pushed before and answers it with
   * `reused: true`, writing nothing.
   */
  async execute(
    request: GitActionRequest,
    context: ActionContext,
    options: { mode?: DeliveryMode } = {},
  ): Promise<GitActionResult> {
    const configured =
      options.mode ??
      deliveryModeFor(this.options.actions, request.repoUrl, 'git');
    // A pull request needs a forge; plain Git gets the branch to open one from.
    const mode = configured === 'pull-request' ? 'branch' : configured;
    const pushedBranch =
      mode === 'direct' ? request.branch : actionBranchName(context.actionId);
    return this.withWorkspace(request, async workspace => {
      const earlier = await this.earlierPush(workspace, pushedBranch, context);
      if (earlier) {
        return { mode, commitSha: earlier, pushedBranch, reused: true };
      }
      const plan = await planAction(workspace, request, this.planOptions());
      const commitSha = (
        await workspace.git(
          ['commit-tree', plan.resultTree, '-p', plan.head, '-F', '-'],
          {
            input: commitMessage(plan, context),
            env: identityEnv(this.options.actions.botIdentity),
          },
        )
      ).trim();
      try {
        await this.push(workspace, commitSha, pushedBranch);
      } catch (error) {
        // Another call of the same action created the branch first.
        const winner =
          error instanceof BranchMovedError && mode === 'branch'
            ? await this.earlierPush(workspace, pushedBranch, context)
            : undefined;
        if (!winner) throw error;
        return { mode, commitSha: winner, pushedBranch, reused: true };
      }
      return { plan, mode, commitSha, pushedBranch, reused: false };
    });
  }

  /** The commit an earlier call pushed for this action, if any. */
  private earlierPush(
    workspace: GitWorkspace,
    branch: string,
    context: ActionContext,
  ): Promise<string | undefined> {
    return earlierPushedCommit(workspace, branch, context.actionId);
  }

  private push(workspace: GitWorkspace, sha: string, branch: string) {
    return pushCommit(workspace, sha, branch);
  }

  private planOptions() {
    return { riskyCommitPattern: this.options.actions.riskyCommitPattern };
  }

  private async withWorkspace<T>(
    request: GitActionRequest,
    work: (workspace: GitWorkspace) => Promise<T>,
  ): Promise<T> {
    const url = this.options.allowList
      ? this.options.allowList.check(request.repoUrl)
      : parseRepoUrl(request.repoUrl);
    return GitWorkspace.use(
      {
        repoUrl: request.repoUrl,
        branch: request.branch,
        authorization: await this.options.credentials?.authorization(url),
        runner: this.options.runner,
        timeoutMs: this.options.timeoutMs,
      },
      work,
    );
  }
}
