import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type {
  ClustersResponse,
  EntityDeploymentsResponse,
  LedgerEvent,
  LedgerResponse,
} from '@gitops-console/plugin-gitops-common';
import { waitFor } from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../../../plugin';
import { captureLogs } from '../../../security/__testUtils__/captureServices';

/** A component found by `backstage.io/kubernetes-id` = its name. */
export function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

export { clusterEntry } from '../../../__testUtils__/backendConfig';

/**
 * An Argo CD Application of `apps/<id>` on main, as Argo CD leaves it after
 * the syncs in `syncs` (oldest first): synced and healthy at the last one,
 * with one history entry per sync.
 */
export function argoApp(options: {
  namespace: string;
  id: string;
  repoUrl: string;
  syncs: Array<{ revision: string; at: string }>;
}) {
  const last = options.syncs[options.syncs.length - 1];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${options.id}-production`,
      namespace: options.namespace,
      labels: { 'backstage.io/kubernetes-id': options.id },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: options.repoUrl,
        path: `apps/${options.id}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: options.id,
      },
    },
    status: {
      sync: { status: 'Synced', revision: last.revision },
      health: { status: 'Healthy' },
      operationState: {
        phase: 'Succeeded',
        operation: {
          sync: { revision: last.revision },
          initiatedBy: { automated: true },
        },
        startedAt: last.at,
        finishedAt: last.at,
        syncResult: { revision: last.revision },
      },
      history: options.syncs.map((s, i) => ({
        id: i + 1,
        revision: s.revision,
        deployedAt: s.at,
      })),
    },
  };
}

export interface ResilienceBackend {
  get(url: string): request.Test;
  /** Every line any service logged, with its metadata. */
  logs: string[];
  answer(entityName: string): Promise<EntityDeploymentsResponse>;
  clusters(): Promise<ClustersResponse>;
  ledger(entityName: string): Promise<LedgerEvent[]>;
  /** Resolves once every entity has an answer and no rebuild is queued. */
  waitUntilBuilt(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real GitOps plugin on a test backend: the catalog is mocked with
 * `entities`, auth is Backstage's mock, the database its default (SQLite in
 * memory), Git is `gitHost` (the testkit's Git server) and the clusters are
 * `clusters`. Logs are captured so a test can see what the watchers did.
 */
export async function startResilienceBackend(options: {
  clusters: JsonObject[];
  entities: Entity[];
  gitHost: string;
}): Promise<ResilienceBackend> {
  const logs = captureLogs();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-resilience-'));
  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      logs.factory,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          gitops: {
            clusters: options.clusters,
            git: { allowedHosts: [options.gitHost], cacheDir },
          },
        },
      }),
    ],
  });
  const get = (url: string) =>
    request(backend.server)
      .get(`/api/gitops${url}`)
      .set('authorization', mockCredentials.user.header());
  const ok = async (url: string) => {
    const res = await get(url);
    if (res.status !== 200) {
      throw new Error(`GET ${url}: HTTP ${res.status} ${res.text}`);
    }
    return res.body;
  };
  const clusters = () => ok('/clusters') as Promise<ClustersResponse>;
  return {
    get,
    logs: logs.lines,
    answer: name =>
      ok(
        `/entities/default/component/${name}/deployments`,
      ) as Promise<EntityDeploymentsResponse>,
    clusters,
    ledger: async name =>
      (
        (await ok(
          `/entities/default/component/${name}/ledger?limit=500`,
        )) as LedgerResponse
      ).items,
    async waitUntilBuilt(timeoutMs = 60_000) {
      await waitFor(
        'every entity view built',
        async () => {
          const { views } = await clusters();
          return Boolean(
            views &&
              views.built === options.entities.length &&
              views.pending === 0,
          );
        },
        { timeoutMs, intervalMs: 100 },
      );
    },
    async stop() {
      await backend.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/**
 * An answer without what differs between two correct observers: when it
 * was computed or last confirmed, and the per-server signal channel.
 */
export function comparable(answer: EntityDeploymentsResponse) {
  const drop = new Set(['observedAt', 'lastSeenAt', 'signalChannel']);
  return JSON.parse(
    JSON.stringify(answer, (k, v) => (drop.has(k) ? undefined : v)),
  );
}

/** Percentile `p` (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Times `n` sequential GETs of `url`, each of which must answer 200. */
export async function timeRequests(
  backend: ResilienceBackend,
  url: string,
  n: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    const res = await backend.get(url);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (res.status !== 200) {
      throw new Error(`GET ${url}: HTTP ${res.status} ${res.text}`);
    }
  }
  return times;
}
