import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { examples } from './createArgoCdApplication.examples';

/** Kubernetes object names: lowercase RFC 1123 DNS labels. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Writes an Argo CD `Application` manifest into the workspace, labelled with
 * `backstage.io/kubernetes-id` so GitOps Console finds it without further
 * annotations.
 *
 * @public
 */
export function createArgoCdApplicationAction() {
  return createTemplateAction({
    id: 'gitops:argocd:create-application',
    description:
      'Writes an Argo CD Application manifest for a new GitOps app into the workspace',
    examples,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .max(63)
            .regex(DNS_LABEL, 'must be a lowercase DNS label')
            .describe('Name of the Application'),
        kubernetesId: z =>
          z
            .string()
            .describe(
              'Value of the backstage.io/kubernetes-id label; the catalog entity carries the same annotation',
            ),
        repoUrl: z =>
          z.string().url().describe('Git repository holding the manifests'),
        path: z => z.string().describe('Folder of the manifests in the repo'),
        targetRevision: z =>
          z
            .string()
            .optional()
            .describe('Branch, tag or SHA to track (default main)'),
        destinationNamespace: z =>
          z.string().regex(DNS_LABEL).describe('Namespace to deploy into'),
        destinationServer: z =>
          z
            .string()
            .optional()
            .describe(
              'API server URL of the target cluster (default https://kubernetes.default.svc)',
            ),
        namespace: z =>
          z
            .string()
            .regex(DNS_LABEL)
            .optional()
            .describe('Namespace of the Application object (default argocd)'),
        project: z =>
          z.string().optional().describe('Argo CD project (default default)'),
        autoSync: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Enable automated sync with prune and self-heal (default true)',
            ),
        outputPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Where to write the manifest in the workspace; defaults to argocd/<name>.yaml',
            ),
      },
      output: {
        manifestPath: z =>
          z.string().describe('Workspace-relative path of the manifest'),
      },
    },
    async handler(ctx) {
      // The runner validates input against the JSON schema but applies no
      // defaults, so they are applied here.
      const input = {
        ...ctx.input,
        targetRevision: ctx.input.targetRevision ?? 'main',
        destinationServer:
          ctx.input.destinationServer ?? 'https://kubernetes.default.svc',
        namespace: ctx.input.namespace ?? 'argocd',
        project: ctx.input.project ?? 'default',
        autoSync: ctx.input.autoSync ?? true,
      };
      const relativePath = input.outputPath ?? `argocd/${input.name}.yaml`;
      // Refuses paths that escape the workspace (../, absolute paths).
      const target = resolveSafeChildPath(ctx.workspacePath, relativePath);

      const application = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: input.name,
          namespace: input.namespace,
          labels: { 'backstage.io/kubernetes-id': input.kubernetesId },
        },
        spec: {
          project: input.project,
          source: {
            repoURL: input.repoUrl,
            path: input.path,
            targetRevision: input.targetRevision,
          },
          destination: {
            server: input.destinationServer,
            namespace: input.destinationNamespace,
          },
          ...(input.autoSync && {
            syncPolicy: { automated: { prune: true, selfHeal: true } },
          }),
        },
      };

      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, stringify(application), 'utf8');
      ctx.logger.info(
        `Wrote Argo CD Application ${input.name} to ${relativePath}`,
      );
      ctx.output('manifestPath', relativePath);
    },
  });
}
