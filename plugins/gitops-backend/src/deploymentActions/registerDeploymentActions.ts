import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ActionsService } from './ActionsService';
import { toActionRequestError } from './errors';

/** The API's refusals as the errors the actions registry answers with. */
function asRegistryError(error: unknown): Error {
  const refusal = toActionRequestError(error);
  if (!refusal) return error as Error;
  const { field, files, commits } = refusal.details;
  const detail = [
    field && `field: ${field}`,
    files?.length && `files: ${files.join(', ')}`,
    commits?.length &&
      `commits: ${commits.map(c => c.sha.slice(0, 12)).join(', ')}`,
  ]
    .filter(Boolean)
    .join('; ');
  const message = detail ? `${refusal.message} (${detail})` : refusal.message;
  switch (refusal.status) {
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 502:
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new InputError(message);
  }
}

const recordSchema = (z: any) =>
  z
    .object({
      id: z.string(),
      entityRef: z.string(),
      deploymentId: z.string(),
      type: z.string(),
      status: z.string(),
      targetRevision: z.string().nullable(),
      commit: z.string().nullable(),
      reason: z.string(),
      requestedBy: z.string(),
      prUrl: z.string().nullable(),
      resultCommitSha: z.string().nullable(),
      error: z.string().nullable(),
      warnings: z.array(
        z.object({ code: z.string(), message: z.string() }).passthrough(),
      ),
      createdAt: z.string(),
      updatedAt: z.string(),
      created: z
        .boolean()
        .describe(
          'false when the same action was open already (nothing new started)',
        ),
    })
    .describe('The action record');

/**
 * Registers the actions that change deployments in Backstage's actions
 * registry (for MCP clients), as destructive actions: the same checks as
 * the HTTP API (entity readable, permission policy with the entity, the
 * plan's refusals), the same audit events and the same records.
 */
export function registerDeploymentActions(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  actions: ActionsService;
}) {
  const { actionsRegistry, catalog, actions } = options;

  const run = async (
    entityRef: string,
    credentials: Parameters<CatalogService['getEntityByRef']>[1]['credentials'],
    body: Record<string, unknown>,
  ) => {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    try {
      const { record, created } = await actions.create(
        { credentials, entity },
        body,
      );
      return { output: { ...record, created } as any };
    } catch (error) {
      throw asRegistryError(error);
    }
  };

  actionsRegistry.register({
    name: 'rollback-deployment',
    title: 'Roll back a GitOps deployment through Git',
    description:
      'Rolls a deployment of a catalog entity back to an earlier revision (type rollback: one commit restoring the path to targetRevision) or reverts one commit on its path (type revert-commit), as a pull request or commit in the Git repository the deployment tracks. deploymentId is the id of a deployment from get-entity-deployments. Needs a reason. Answers the action record; repeating the same request while it is open answers the same record.',
    attributes: { destructive: true, readOnly: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity reference, e.g. component:default/payments-api'),
          deploymentId: z
            .string()
            .describe(
              'The id of a deployment in the entity’s deployments answer',
            ),
          type: z.enum(['rollback', 'revert-commit']).default('rollback'),
          targetRevision: z
            .string()
            .optional()
            .describe(
              'rollback: a commit of the deployment’s history or its path’s log',
            ),
          commit: z
            .string()
            .optional()
            .describe('revert-commit: the commit to revert'),
          reason: z
            .string()
            .min(1)
            .describe('Why; goes into the commit and the record'),
          expectedHead: z
            .string()
            .optional()
            .describe(
              'The newest commit on the path you saw; newer commits refuse the action',
            ),
        }),
      output: recordSchema,
    },
    action: async ({ input, credentials }) => {
      const { entityRef, ...body } = input;
      return run(entityRef, credentials, body);
    },
  });

  actionsRegistry.register({
    name: 'sync-deployment',
    title: 'Sync, refresh, reconcile, suspend or resume a GitOps deployment',
    description:
      'Asks the CD tool of a deployment to act, by a patch of its custom resource: Argo CD sync (optionally to revision) or refresh; Flux reconcile, suspend or resume. deploymentId is the id of a deployment from get-entity-deployments. Answers the action record.',
    attributes: { destructive: true, readOnly: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity reference, e.g. component:default/payments-api'),
          deploymentId: z
            .string()
            .describe(
              'The id of a deployment in the entity’s deployments answer',
            ),
          type: z.enum(['sync', 'refresh', 'reconcile', 'suspend', 'resume']),
          revision: z
            .string()
            .optional()
            .describe('Argo CD sync: the revision to sync to'),
          reason: z.string().optional(),
        }),
      output: recordSchema,
    },
    action: async ({ input, credentials }) => {
      const { entityRef, revision, ...rest } = input;
      return run(entityRef, credentials, {
        ...rest,
        ...(revision !== undefined && { targetRevision: revision }),
      });
    },
  });
}
