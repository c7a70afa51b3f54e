import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { GitOpsRepositoryWriter } from '@gitops-console/plugin-gitops-node';
import { readScaffolderConfig } from '../config';
import { InvalidAppInputError, toAppSpec } from '../render/appSpec';
import { RenderedApp, renderApp } from '../render/renderApp';
import { writeFiles } from '../render/writeFiles';
import { examples } from './appRender.examples';

export interface AppRenderActionOptions {
  config: Config;
  /** When given, the repository is checked against the allow-list before rendering. */
  writer?: Pick<GitOpsRepositoryWriter, 'checkRepository'>;
}

/**
 * `gitops:app:render`: writes a new GitOps app into the workspace, laid out
 * as it goes into the GitOps repository (`gitops.scaffolder.layout`).
 *
 * @public
 */
export function createAppRenderAction(options: AppRenderActionOptions) {
  const config = readScaffolderConfig(options.config);
  return createTemplateAction({
    id: 'gitops:app:render',
    description:
      'Renders a new GitOps app into the workspace: a kustomize base, an overlay per environment, the Argo CD Application or Flux Kustomization of each environment, and its catalog-info.yaml',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('App name: a DNS label'),
        owner: z => z.string().describe('Owner entity ref of the Component'),
        system: z =>
          z.string().optional().describe('System entity ref of the Component'),
        description: z => z.string().optional(),
        cdTool: z =>
          z.enum(['argocd', 'flux']).describe('The CD tool that deploys it'),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'The environments, in promotion order (default staging, production)',
            ),
        image: z =>
          z
            .string()
            .describe(
              'Container image with a tag, e.g. ghcr.io/acme/shop:1.0.0',
            ),
        port: z =>
          z.number().describe('The container port the Service targets'),
        replicas: z =>
          z
            .record(z.string(), z.number())
            .optional()
            .describe('Replicas per environment (default 1)'),
        imageTags: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe("Image tag per environment (default: the image's tag)"),
        ingressHost: z =>
          z
            .string()
            .optional()
            .describe('When given, an Ingress for this host'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The GitOps repository (default gitops.scaffolder.defaultRepoUrl)',
            ),
        branch: z =>
          z.string().optional().describe('The branch CD tracks (default main)'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe('Target namespace (default: the name)'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder to render into, repository layout below it (default the workspace)',
            ),
      },
      output: {
        appPath: z => z.string().describe('Repository path of the app folder'),
        catalogInfoPath: z =>
          z.string().describe('Repository path of catalog-info.yaml'),
        entityRef: z => z.string(),
        repoUrl: z => z.string(),
        files: z =>
          z
            .array(z.string())
            .describe('Every rendered file, repository-relative'),
        cdObjects: z =>
          z.array(
            z.object({
              environment: z.string(),
              kind: z.string(),
              name: z.string(),
              namespace: z.string(),
              path: z.string(),
            }),
          ),
      },
    },
    async handler(ctx) {
      // The runner validates input against the JSON schema but applies no
      // defaults, so they are applied here.
      // A template's empty optional field arrives as ''.
      const given = Object.fromEntries(
        Object.entries(ctx.input).filter(([, v]) => v !== '' && v !== null),
      ) as typeof ctx.input;
      const { targetPath = '.', ...rest } = given;
      const input = {
        ...rest,
        environments: rest.environments ?? ['staging', 'production'],
        branch: rest.branch ?? 'main',
      };
      const repoUrl =
        input.repoUrl ??
        config.defaultRepoUrls[input.cdTool] ??
        config.defaultRepoUrl;
      if (!repoUrl) {
        throw new InputError(
          `repoUrl: no repository given, and neither gitops.scaffolder.defaultRepoUrls.${input.cdTool} nor gitops.scaffolder.defaultRepoUrl is set`,
        );
      }
      let spec;
      try {
        spec = toAppSpec({ ...input, repoUrl }, config);
      } catch (error) {
        if (error instanceof InvalidAppInputError) {
          throw new InputError(error.message);
        }
        throw error;
      }
      if (options.writer) {
        try {
          await options.writer.checkRepository(repoUrl);
        } catch (error) {
          throw new InputError(`repoUrl: ${(error as Error).message}`);
        }
      }
      // Refuses a target outside the workspace before anything is written.
      const root = resolveSafeChildPath(ctx.workspacePath, targetPath);
      // A retried task renders what its first run rendered, even when the
      // config changed meanwhile. The workspace is written every time: a
      // recovered task may start with a fresh one, and in a dry run these
      // files are what the editor shows.
      const rendered = (await ctx.checkpoint({
        key: `gitops-app-render-${spec.name}`,
        fn: () => renderApp(spec, config) as unknown as JsonObject,
      })) as unknown as RenderedApp;
      await writeFiles(root, rendered.files);
      ctx.logger.info(
        `Rendered ${rendered.appPath} (${
          Object.keys(rendered.files).length
        } files) and the ${
          input.cdTool === 'argocd'
            ? 'Argo CD Application'
            : 'Flux Kustomization'
        } of ${rendered.cdObjects.map(o => o.environment).join(', ')}`,
      );
      ctx.output('appPath', rendered.appPath);
      ctx.output('catalogInfoPath', rendered.catalogInfoPath);
      ctx.output('entityRef', rendered.entityRef);
      ctx.output('repoUrl', repoUrl);
      ctx.output('files', Object.keys(rendered.files).sort());
      ctx.output('cdObjects', rendered.cdObjects);
    },
  });
}
