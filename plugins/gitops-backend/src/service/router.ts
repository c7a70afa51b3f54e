import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, serializeError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DRIFT_STATES,
  redactUrl,
  redactValue,
  type ClustersResponse,
  type FleetQuery,
  type GitOpsHealthResponse,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import express from 'express';
import Router from 'express-promise-router';
import { createOpenApiRouter } from '../schema/openapi/generated';
import type { ClusterIndex } from '../cluster/ClusterIndex';
import type { ClustersFromConfig } from '../config/readClusters';
import type { DeploymentService } from '../deployments/DeploymentService';
import type { EntityReadAccess } from '../access/EntityReadAccess';
import type { FleetService } from '../fleet/FleetService';
import { InvalidAnnotationError } from '../locator/locateResources';
import { parseFleetQuery, parseLimit } from './queryParams';
import { pushedRepositoryUrls, verifyGithubSignature } from './githubWebhook';
import { entityRefFromParams } from './entityRefParams';
import { redactError } from '../redaction';
import type { ActionsService } from '../deploymentActions/ActionsService';
import { registerActionRoutes } from './actionsRouter';
import { registerLedgerRoutes } from './ledgerRoutes';
import type { LedgerService } from '../ledger/LedgerService';

export interface RouterOptions {
  version: string;
  clusters: ClustersFromConfig;
  index?: ClusterIndex;
  deployments?: DeploymentService;
  fleet?: FleetService;
  access?: EntityReadAccess;
  git?: GitProvider;
  catalog?: CatalogService;
  httpAuth?: HttpAuthService;
  logger?: LoggerService;
  githubWebhookSecret?: string;
  /** The actions of issue 12; without it, their routes are not served. */
  actions?: ActionsService;
  /** The deployment ledger and delivery metrics (issue 14). */
  ledger?: LedgerService;
}

export const NO_CLUSTERS_MESSAGE =
  'No clusters are configured. Add entries under gitops.clusters (or kubernetes.clusterLocatorMethods with type: config) in app-config.yaml.';

/**
 * Answers with Backstage's error body shape and an explicit status; never a
 * stack, never a credential.
 */
function sendError(res: express.Response, status: number, error: Error) {
  res.status(status).json({
    error: serializeError(redactError(error), { includeStack: false }),
    response: { statusCode: status },
  });
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  // The webhook needs the raw body for its signature, so it is served
  // before the validated OpenAPI router parses JSON.
  const router = Router();

  // Raw body first: the signature is over the exact bytes GitHub sent.
  router.post(
    '/webhooks/github',
    express.raw({ type: '*/*', limit: '5mb' }),
    async (req, res) => {
      const secret = options.githubWebhookSecret;
      if (!secret) {
        sendError(
          res,
          404,
          new NotFoundError(
            'The GitHub webhook is not configured (gitops.webhooks.github.secret).',
          ),
        );
        return;
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (
        !verifyGithubSignature(secret, body, req.header('x-hub-signature-256'))
      ) {
        sendError(
          res,
          401,
          Object.assign(new Error('Invalid or missing X-Hub-Signature-256'), {
            name: 'AuthenticationError',
          }),
        );
        return;
      }
      const event = req.header('x-github-event');
      if (event !== 'push') {
        res.status(202).json({ event, refreshed: [] });
        return;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new InputError('The webhook body is not JSON');
      }
      const refreshed: string[] = [];
      for (const url of pushedRepositoryUrls(payload)) {
        try {
          await options.git?.refresh(url);
          // The payload is echoed back: never with credentials in it.
          refreshed.push(redactUrl(url));
        } catch (error) {
          // A repository we may not read is not ours to refresh.
          options.logger?.debug(`Webhook: not refreshing ${url}: ${error}`);
        }
      }
      res.status(202).json({ event, refreshed });
    },
  );

  const api = await createOpenApiRouter();
  router.use(api);

  api.get('/health', (_req, res) => {
    const names = options.clusters.clusters.map(c => c.name);
    const body: GitOpsHealthResponse = {
      status: 'ok',
      version: options.version,
      clusters: names,
      ...(names.length === 0 && { message: NO_CLUSTERS_MESSAGE }),
    };
    res.json(body);
  });

  api.get('/clusters', (_req, res) => {
    const gitStats = (
      options.git as {
        stats?: () => { gitProcesses: number; upstreamRequests: number };
      }
    )?.stats?.();
    const body: ClustersResponse = {
      observedAt: new Date().toISOString(),
      clusters: options.index?.statuses() ?? [],
      ...(options.deployments && { views: options.deployments.views.stats() }),
      ...(gitStats && {
        git: {
          processes: gitStats.gitProcesses,
          requests: gitStats.upstreamRequests,
        },
      }),
    };
    const unreachable = body.clusters.filter(c => !c.reachable);
    if (unreachable.length > 0) {
      body.stale = true;
      body.staleReasons = unreachable.map(
        c =>
          `cluster ${c.name} is unreachable: ${
            c.lastError?.message ?? 'no answer yet'
          }`,
      );
    }
    // Cluster errors may quote URLs from the config.
    res.json(redactValue(body));
  });

  const entityByRef = async (
    ref: string,
    credentials: BackstageCredentials,
  ) => {
    // A caller who may read every entity is served from the views' own
    // copy of the catalog; anyone else asks the catalog, which applies the
    // permission policy with their credentials.
    if (await options.access?.canReadAll(credentials)) {
      const known = options.deployments?.mirror.lookup(ref);
      if (known) return known;
    }
    const entity = await options.catalog!.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    return entity;
  };
  const entityFromRequest = async (
    req: express.Request<
      { namespace: string; kind: string; name: string },
      any,
      any,
      any
    >,
  ) => {
    // Checked before any catalog call: a malformed name is our own 400.
    const ref = entityRefFromParams(req.params);
    return entityByRef(ref, await options.httpAuth!.credentials(req));
  };

  api.get('/entities/:namespace/:kind/:name/deployments', async (req, res) => {
    const entity = await entityFromRequest(req);
    // Views keep their answers serialised: no JSON work per page view.
    const body = await options.deployments!.forEntityBody(entity);
    (res as express.Response).type('application/json').send(body);
  });

  api.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const limit = parseLimit(req.query.limit, { fallback: 20, max: 100 });
    const cursor =
      typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const entity = await entityFromRequest(req);
    if (!options.ledger) {
      res.json(
        await options.deployments!.historyForEntity(entity, { limit, cursor }),
      );
      return;
    }
    // The CRs' entries, then the ledger's beyond them, paged together.
    const cr = await options.deployments!.historyForEntity(entity, {
      limit: Number.MAX_SAFE_INTEGER,
    });
    res.json(
      await options.ledger.historyForEntity(entity, cr, { limit, cursor }),
    );
  });

  api.get('/deployments', async (req, res) => {
    const query: FleetQuery = parseFleetQuery(req.query, DRIFT_STATES);
    const credentials = await options.httpAuth!.credentials(req);
    res.json(await options.fleet!.query(query, credentials));
  });

  if (options.actions) {
    registerActionRoutes(api as unknown as express.Router, {
      actions: options.actions,
      httpAuth: options.httpAuth!,
      entityFromRequest,
      canReadEntity: (ref, credentials) =>
        entityByRef(ref, credentials).then(
          () => true,
          () => false,
        ),
    });
  }

  if (options.ledger) {
    registerLedgerRoutes(api as unknown as express.Router, {
      ledger: options.ledger,
      httpAuth: options.httpAuth!,
      entityFromRequest,
    });
  }

  // The read path's own errors, mapped to their HTTP statuses; the rest go
  // on to Backstage's error handler.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      // Messages quote CR fields and URLs: redacted before any body or log.
      if (error instanceof InvalidAnnotationError) {
        next(redactError(new InputError(error.message)));
      } else {
        next(redactError(error));
      }
    },
  );

  return router;
}
