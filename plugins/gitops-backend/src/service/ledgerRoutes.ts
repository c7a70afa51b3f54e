import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { DRIFT_STATES } from '@gitops-console/plugin-gitops-common';
import type express from 'express';
import { parseMetricWindow, type LedgerService } from '../ledger/LedgerService';
import { parseFleetQuery, parseLimit } from './queryParams';

type EntityRequest = express.Request<
  { namespace: string; kind: string; name: string },
  any,
  any,
  any
>;

export interface LedgerRoutesOptions {
  ledger: LedgerService;
  httpAuth: HttpAuthService;
  /** The entity of an `/entities/...` request, or a 404 when the caller may not read it. */
  entityFromRequest: (req: EntityRequest) => Promise<Entity>;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The ledger's time range and page from a request. */
function rangeOf(query: Record<string, unknown>) {
  return {
    environment: optionalString(query.environment),
    from: optionalString(query.from),
    to: optionalString(query.to),
    cursor: optionalString(query.cursor),
    limit: parseLimit(query.limit, { fallback: 50, max: 500 }),
  };
}

/**
 * The ledger and delivery-metrics routes (issue 14), on the validated
 * OpenAPI router. Entity routes start from an entity the caller may read;
 * fleet routes from the deployments the caller's read scope holds.
 */
export function registerLedgerRoutes(
  api: express.Router,
  options: LedgerRoutesOptions,
) {
  api.get('/entities/:namespace/:kind/:name/ledger', async (req, res) => {
    const range = rangeOf(req.query);
    const entity = await options.entityFromRequest(req as EntityRequest);
    res.json(await options.ledger.forEntity(entity, range));
  });

  api.get('/ledger', async (req, res) => {
    // `environment` is a fleet filter here, like the fleet's other filters.
    const { environment: _e, ...range } = rangeOf(req.query);
    const query = parseFleetQuery(req.query as any, DRIFT_STATES);
    const credentials = await options.httpAuth.credentials(req);
    res.json(await options.ledger.forFleet(query, credentials, range));
  });

  api.get('/entities/:namespace/:kind/:name/metrics', async (req, res) => {
    const windowDays = parseMetricWindow(req.query.window);
    const entity = await options.entityFromRequest(req as EntityRequest);
    res.json(await options.ledger.metricsForEntity(entity, windowDays));
  });

  api.get('/metrics', async (req, res) => {
    const windowDays = parseMetricWindow(req.query.window);
    const { window: _w, ...fleetParams } = req.query;
    const query = parseFleetQuery(fleetParams as any, DRIFT_STATES);
    const credentials = await options.httpAuth.credentials(req);
    res.json(
      await options.ledger.metricsForFleet(query, credentials, windowDays),
    );
  });
}
