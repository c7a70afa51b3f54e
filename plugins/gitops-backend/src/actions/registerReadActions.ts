import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DRIFT_STATES, redactText } from '@gitops-console/plugin-gitops-common';
import type { DeploymentService } from '../deployments/DeploymentService';
import type { FleetService } from '../fleet/FleetService';
import { InvalidAnnotationError } from '../locator/locateResources';
import { redactError } from '../redaction';
import { parseFleetQuery } from '../service/queryParams';

/**
 * Registers the read-only GitOps questions in Backstage's actions registry,
 * so assistants and the MCP server can ask what the UI shows.
 */
export function registerReadActions(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  deployments: DeploymentService;
  fleet: FleetService;
}) {
  const { actionsRegistry, catalog, deployments, fleet } = options;

  actionsRegistry.register({
    name: 'get-entity-deployments',
    title: 'Get GitOps deployments of an entity',
    description:
      'Where a catalog entity runs (Argo CD and Flux), which commit runs there, what Git says should run, whether the cluster drifted, and the commits not deployed yet.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity reference, e.g. component:default/inventory'),
        }),
      output: z => z.object({}).passthrough(),
    },
    action: async ({ input, credentials }) => {
      const entity = await catalog.getEntityByRef(input.entityRef, {
        credentials,
      });
      if (!entity)
        throw new NotFoundError(`No entity ${input.entityRef} in the catalog`);
      try {
        return { output: (await deployments.forEntity(entity)) as any };
      } catch (error) {
        // As over HTTP: a malformed annotation is the caller's 400, and no
        // message leaves with credentials (annotations may quote URLs).
        if (error instanceof InvalidAnnotationError) {
          throw new InputError(redactText(error.message));
        }
        throw redactError(error);
      }
    },
  });

  actionsRegistry.register({
    name: 'query-fleet',
    title: 'Query GitOps deployments across the fleet',
    description:
      'Lists deployments of all entities with filters on drift state (unknown, suspended, failing, out-of-sync, behind, in-sync), health, cluster, environment, CD tool (argocd, flux), owner, system, lifecycle, type and tag; returns totals per drift state.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          driftState: z.array(z.string()).optional(),
          health: z.array(z.string()).optional(),
          cluster: z.array(z.string()).optional(),
          environment: z.array(z.string()).optional(),
          tool: z.array(z.enum(['argocd', 'flux'])).optional(),
          owner: z.array(z.string()).optional(),
          system: z.array(z.string()).optional(),
          search: z.string().optional(),
          limit: z.number().int().min(1).max(500).optional(),
          offset: z.number().int().min(0).optional(),
        }),
      output: z => z.object({}).passthrough(),
    },
    action: async ({ input, credentials }) => {
      let query;
      try {
        query = parseFleetQuery(input as Record<string, unknown>, DRIFT_STATES);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      return { output: (await fleet.query(query, credentials)) as any };
    },
  });
}
