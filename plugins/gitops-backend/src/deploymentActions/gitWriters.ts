import type { Config } from '@backstage/config';
import {
  GithubActionWriter,
  PlainGitActionWriter,
  deliveryModeFor,
  readActionsConfig,
  type ActionContext,
  type ActionsGitConfig,
  type DeliveryMode,
  type GitActionPlan,
  type GitActionRequest,
  type GitActionResult,
} from '../gitWrites';

/** What the actions need of a Git writer (both writers have it). */
export interface GitActionWriterLike {
  preview(request: GitActionRequest): Promise<GitActionPlan>;
  execute(
    request: GitActionRequest,
    context: ActionContext,
  ): Promise<GitActionResult>;
}

/** The writer that serves a repository, and how it delivers there. */
export interface GitWriters {
  forRepository(repoUrl: string): {
    writer: GitActionWriterLike;
    delivery: DeliveryMode;
  };
}

/**
 * GitHub repositories (a host of `integrations.github` with an API) are
 * written through the GitHub writer, every other one through plain Git; the
 * delivery mode follows `gitops.actions.git[]`.
 */
export function gitWriters(options: {
  actions: ActionsGitConfig;
  github: GithubActionWriter;
  plain: PlainGitActionWriter;
}): GitWriters {
  return {
    forRepository(repoUrl) {
      const github = options.github.serves(repoUrl);
      return {
        writer: github ? options.github : options.plain,
        delivery: deliveryModeFor(
          options.actions,
          repoUrl,
          github ? 'github' : 'git',
        ),
      };
    },
  };
}

/** The writers as the configuration describes them. */
export function gitWritersFromConfig(config: Config): GitWriters {
  return gitWriters({
    actions: readActionsConfig(config),
    github: GithubActionWriter.fromConfig(config),
    plain: PlainGitActionWriter.fromConfig(config),
  });
}
