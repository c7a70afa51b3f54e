import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  GitOpsAddFilesResult,
  GitOpsPathExistsError,
  GitOpsRepositoryWriter,
} from '@gitops-console/plugin-gitops-node';
import { readScaffolderConfig } from '../config';
import { entityRefOf } from '../publish/entityRefOf';
import { repositoryLinks } from '../publish/repositoryLinks';
import { examples } from './appPublish.examples';

export interface AppPublishActionOptions {
  config: Config;
  writer: GitOpsRepositoryWriter;
}

/** Every file under a folder, as repository-relative paths. */
async function collectFiles(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const entries = await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    if (relative.split('/').includes('.git')) continue;
    files[relative] = await fs.readFile(full, 'utf8');
  }
  return files;
}

/**
 * `gitops:app:publish`: adds the rendered app to the GitOps repository as
 * one commit through GitOps Console's Git write path (pull request on
 * GitHub; branch or direct commit on plain Git, per `gitops.actions.git`).
 *
 * @public
 */
export function createAppPublishAction(options: AppPublishActionOptions) {
  const config = readScaffolderConfig(options.config);
  return createTemplateAction({
    id: 'gitops:app:publish',
    description:
      'Adds a rendered GitOps app to the GitOps repository as one commit: a pull request on GitHub, a branch or a direct commit on plain Git. Refuses an app path that exists already',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        appPath: z =>
          z
            .string()
            .describe(
              'Repository path of the app (gitops:app:render output appPath); the write refuses when it exists',
            ),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The GitOps repository (default gitops.scaffolder.defaultRepoUrl)',
            ),
        branch: z =>
          z.string().optional().describe('The tracked branch (default main)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder holding the repository layout (default the workspace)',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository path of the entity file (default <appPath>/catalog-info.yaml)',
            ),
        title: z =>
          z
            .string()
            .optional()
            .describe('Commit subject and pull request title'),
        description: z =>
          z
            .string()
            .optional()
            .describe('Commit body and pull request description'),
      },
      output: {
        remoteUrl: z => z.string().describe('The repository'),
        commitSha: z => z.string().describe('The new commit'),
        commitUrl: z => z.string().optional(),
        pullRequestUrl: z =>
          z.string().optional().describe('Set when a pull request was opened'),
        branch: z => z.string().describe('The branch holding the commit'),
        mode: z => z.string().describe('pull-request, branch or direct'),
        entityRef: z => z.string().describe('The new catalog entity'),
        catalogInfoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Where catalog:register reads the entity (on the tracked branch)',
            ),
      },
    },
    async handler(ctx) {
      const appPath = ctx.input.appPath.replace(/\/+$/, '');
      const branch = ctx.input.branch || 'main';
      const repoUrl = ctx.input.repoUrl || config.defaultRepoUrl;
      if (!repoUrl) {
        throw new InputError(
          'repoUrl: no repository given and gitops.scaffolder.defaultRepoUrl is not set',
        );
      }
      const catalogInfoPath =
        ctx.input.catalogInfoPath ?? `${appPath}/catalog-info.yaml`;
      const root = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const files = await collectFiles(root);
      if (!files[catalogInfoPath]) {
        throw new InputError(
          `catalogInfoPath: ${catalogInfoPath} is not among the files to publish; run gitops:app:render first`,
        );
      }
      if (!Object.keys(files).some(f => f.startsWith(`${appPath}/`))) {
        throw new InputError(`appPath: no file to publish is under ${appPath}`);
      }
      const entityRef = entityRefOf(files[catalogInfoPath], catalogInfoPath);

      let target;
      try {
        target = await options.writer.checkRepository(repoUrl);
      } catch (error) {
        throw new InputError(`repoUrl: ${(error as Error).message}`);
      }
      const title =
        ctx.input.title ?? `Add ${appPath} (${entityRef}) from the scaffolder`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would add ${
            Object.keys(files).length
          } files to ${repoUrl} (${target.mode} on ${branch}): ${Object.keys(
            files,
          )
            .sort()
            .join(', ')}`,
        );
        const links = repositoryLinks({
          repoUrl,
          provider: target.provider,
          branch,
          file: catalogInfoPath,
          plainGitFileUrl: config.plainGitFileUrl,
        });
        ctx.output('remoteUrl', links.remoteUrl);
        ctx.output('commitSha', 'dry-run');
        ctx.output('branch', branch);
        ctx.output('mode', target.mode);
        ctx.output('entityRef', entityRef);
        if (links.fileUrl) ctx.output('catalogInfoUrl', links.fileUrl);
        return;
      }

      let result: GitOpsAddFilesResult;
      try {
        // A retried task answers the first run's result without writing;
        // the writer also finds its commit by the task id, for a run that
        // stopped between the push and the checkpoint.
        result = (await ctx.checkpoint({
          key: `gitops-app-publish-${appPath}`,
          fn: async () =>
            (await options.writer.addFiles(
              {
                repoUrl,
                branch,
                files,
                mustNotExist: [appPath],
                title,
                body: ctx.input.description,
              },
              {
                writeId: ctx.task.id,
                requestedBy: ctx.user?.ref ?? 'unknown',
              },
            )) as unknown as JsonObject,
        })) as unknown as GitOpsAddFilesResult;
      } catch (error) {
        if (error instanceof GitOpsPathExistsError) {
          throw new ConflictError(`appPath: ${error.message}`);
        }
        throw error;
      }

      const links = repositoryLinks({
        repoUrl,
        provider: target.provider,
        branch,
        commitSha: result.commitSha,
        file: catalogInfoPath,
        plainGitFileUrl: config.plainGitFileUrl,
      });
      ctx.logger.info(
        `${result.reused ? 'Found the earlier' : 'Made'} commit ${
          result.commitSha
        } on ${result.pushedBranch} of ${repoUrl}${
          result.pullRequest ? `, pull request ${result.pullRequest.url}` : ''
        }`,
      );
      ctx.output('remoteUrl', links.remoteUrl);
      ctx.output('commitSha', result.commitSha);
      if (links.commitUrl) ctx.output('commitUrl', links.commitUrl);
      if (result.pullRequest) {
        ctx.output('pullRequestUrl', result.pullRequest.url);
      }
      ctx.output('branch', result.pushedBranch);
      ctx.output('mode', result.mode);
      ctx.output('entityRef', entityRef);
      if (links.fileUrl) ctx.output('catalogInfoUrl', links.fileUrl);
    },
  });
}
