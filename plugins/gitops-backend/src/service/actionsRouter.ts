import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type express from 'express';
import type { ActionsService } from '../deploymentActions/ActionsService';
import {
  actionErrorBody,
  toActionRequestError,
} from '../deploymentActions/errors';
import { parseLimit } from './queryParams';

type EntityRequest = express.Request<
  { namespace: string; kind: string; name: string },
  any,
  any,
  any
>;

export interface ActionRoutesOptions {
  actions: ActionsService;
  httpAuth: HttpAuthService;
  /** The entity of an `/entities/...` request, or a 404 when the caller may not read it. */
  entityFromRequest: (req: EntityRequest) => Promise<Entity>;
  /** Whether the caller may read an entity (GET /actions/{id}). */
  canReadEntity: (
    entityRef: string,
    credentials: BackstageCredentials,
  ) => Promise<boolean>;
}

/** Answers an action's refusal with its status and field; passes anything else on. */
function handled(
  handler: (req: any, res: express.Response) => Promise<void>,
): express.RequestHandler {
  return async (req, res, next) => {
    try {
      await handler(req, res);
    } catch (error) {
      const refusal = toActionRequestError(error);
      if (refusal) {
        res.status(refusal.status).json(actionErrorBody(refusal));
      } else {
        next(error);
      }
    }
  };
}

/**
 * The actions routes (issue 12), on the validated OpenAPI router: the
 * request shapes are checked there, the meaning here. Every route starts
 * from an entity the caller may read, so an entity they may not see is the
 * same 404 as one that does not exist.
 */
export function registerActionRoutes(
  api: express.Router,
  options: ActionRoutesOptions,
) {
  const { actions, httpAuth } = options;
  const caller = async (req: EntityRequest) => ({
    credentials: await httpAuth.credentials(req),
    entity: await options.entityFromRequest(req),
    request: req,
  });

  api.post(
    '/entities/:namespace/:kind/:name/actions/preview',
    handled(async (req, res) => {
      res.json(await actions.preview(await caller(req), req.body));
    }),
  );

  api.post(
    '/entities/:namespace/:kind/:name/actions',
    handled(async (req, res) => {
      const { record, created } = await actions.create(
        await caller(req),
        req.body,
      );
      res.status(created ? 201 : 200).json(record);
    }),
  );

  api.get(
    '/entities/:namespace/:kind/:name/actions',
    handled(async (req, res) => {
      const limit = parseLimit(req.query.limit, { fallback: 20, max: 100 });
      const { entity } = await caller(req);
      res.json(
        await actions.list(entity, {
          limit,
          ...(typeof req.query.deploymentId === 'string' && {
            deploymentId: req.query.deploymentId,
          }),
          ...(typeof req.query.cursor === 'string' && {
            cursor: req.query.cursor,
          }),
        }),
      );
    }),
  );

  api.get(
    '/entities/:namespace/:kind/:name/actions/permissions',
    handled(async (req, res) => {
      res.json(await actions.permissions(await caller(req)));
    }),
  );

  api.get(
    '/actions/:id',
    handled(async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      res.json(
        await actions.get(String(req.params.id), ref =>
          options.canReadEntity(ref, credentials),
        ),
      );
    }),
  );
}
