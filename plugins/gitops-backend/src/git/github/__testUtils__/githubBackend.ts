import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
  type CacheService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import type {
  GitHubFacade,
  GitServer,
  TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import { gitopsPlugin } from '../../../plugin';
import { captureLogs } from '../../../security/__testUtils__/captureServices';

export const GITHUB_HOST = 'github.resilience.test';
export const GITHUB_TOKEN = 'ghs_resilience-token-4c1d9e';
export const REPO_URL = `https://${GITHUB_HOST}/acme/deploy`;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'inventory' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

/**
 * A repository on the testkit's Git server (read through the GitHub
 * facade) with a deployed commit and one newer commit, and an Argo CD
 * Application on the apiserver running the deployed one: the inventory
 * component's answer then has one deployment with one pending commit, and
 * both come from GitHub.
 */
export async function seedGithubDeployment(
  git: GitServer,
  env: TestEnvironment,
): Promise<{ deployedSha: string; headSha: string }> {
  const repo = await git.createRepository('acme/deploy');
  const deployedSha = await repo.commit({
    message: 'inventory: first deployment',
    files: { 'apps/inventory/deployment.yaml': 'replicas: 1\n' },
    date: '2026-11-01T09:00:00Z',
  });
  const headSha = await repo.commit({
    message: 'inventory: scale out (#7)',
    files: { 'apps/inventory/deployment.yaml': 'replicas: 4\n' },
    date: '2026-11-02T09:00:00Z',
  });
  await env.createNamespace('argocd');
  await env.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: 'inventory',
      namespace: 'argocd',
      labels: { 'backstage.io/kubernetes-id': 'inventory' },
    },
    spec: {
      project: 'default',
      source: {
        repoURL: REPO_URL,
        path: 'apps/inventory',
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'inventory',
      },
    },
    status: {
      sync: { status: 'OutOfSync', revision: deployedSha },
      health: { status: 'Healthy' },
      history: [
        { id: 1, revision: deployedSha, deployedAt: '2026-11-01T09:05:00Z' },
      ],
    },
  });
  return { deployedSha, headSha };
}

export interface GithubBackend {
  /** The inventory component's answer (asserts a 200). */
  answer(): Promise<EntityDeploymentsResponse>;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The real GitOps plugin on a test backend, reading GitHub through the
 * facade and one cluster; `gitops` and `backend` are merged into its
 * config (retry policy, fetch interval, `backend.cache`).
 */
export async function startGithubBackend(options: {
  facade: GitHubFacade;
  env: TestEnvironment;
  gitops?: JsonObject;
  backend?: JsonObject;
}): Promise<GithubBackend> {
  const logs = captureLogs();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-github-'));
  const { env } = options;
  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      logs.factory,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({
        data: {
          ...(options.backend && { backend: options.backend }),
          integrations: {
            github: [
              {
                host: GITHUB_HOST,
                apiBaseUrl: options.facade.url,
                token: GITHUB_TOKEN,
              },
            ],
          },
          gitops: {
            clusters: [
              {
                name: 'prod-1',
                url: env.server,
                token: env.adminToken,
                caData: Buffer.from(env.caPem).toString('base64'),
                environment: 'production',
              },
            ],
            ...options.gitops,
            git: { cacheDir, ...(options.gitops?.git as JsonObject) },
          },
        },
      }),
    ],
  });
  return {
    logs: logs.lines,
    async answer() {
      const res = await request(backend.server)
        .get('/api/gitops/entities/default/component/inventory/deployments')
        .set('authorization', mockCredentials.user.header());
      if (res.status !== 200) {
        throw new Error(`answer: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return res.body;
    },
    async stop() {
      await backend.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/**
 * Backstage's cache service for plugin `gitops` as the backend builds it
 * from `backend.cache` (memory, or a real Redis), outside any backend.
 */
export async function startCacheService(
  backendCache: JsonObject,
): Promise<{ cache: CacheService; stop(): Promise<void> }> {
  let captured: CacheService | undefined;
  const capture = createBackendPlugin({
    pluginId: 'gitops',
    register(env) {
      env.registerInit({
        deps: { cache: coreServices.cache },
        async init({ cache }) {
          captured = cache;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      capture,
      mockServices.rootConfig.factory({
        data: { backend: { cache: backendCache } },
      }),
    ],
  });
  return { cache: captured!, stop: () => backend.stop() };
}
