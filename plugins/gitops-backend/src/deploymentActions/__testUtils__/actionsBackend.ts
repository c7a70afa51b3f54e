import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import {
  waitFor,
  type GitHubFacade,
  type GitServer,
  type TestEnvironment,
} from '@gitops-console/testkit';
import request from 'supertest';
import type { Knex } from 'knex';
import {
  GithubActionWriter,
  PlainGitActionWriter,
  readActionsConfig,
} from '../../gitWrites';
import { gitopsPlugin } from '../../plugin';
import {
  captureLogs,
  captureSignals,
} from '../../security/__testUtils__/captureServices';
import { gitWriters } from '../gitWriters';
import { gitopsGitWritersServiceRef } from '../gitWritersServiceRef';
import { captureAuditor } from './captureAuditor';
import { ownerPolicy } from './ownerPolicy';

export const CLUSTER = 'prod-eu';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const GUEST = 'user:default/guest';

/** A component found by `backstage.io/kubernetes-id`, owned by team-storefront. */
export function component(name: string, kubernetesId = name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': kubernetesId },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
    },
  };
}

/** An Argo CD Application as its controller leaves it after deploying `deployed`. */
export function argoApplication(options: {
  namespace: string;
  name: string;
  kubernetesId: string;
  repoURL: string;
  path?: string;
  deployed: string;
  autoSync?: boolean;
  chart?: string;
}) {
  const source = options.chart
    ? {
        repoURL: options.repoURL,
        chart: options.chart,
        targetRevision: '1.2.3',
      }
    : { repoURL: options.repoURL, path: options.path, targetRevision: 'main' };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { 'backstage.io/kubernetes-id': options.kubernetesId },
    },
    spec: {
      project: 'default',
      source,
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: options.name,
      },
      ...(options.autoSync !== false && {
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      }),
    },
    status: {
      sync: { status: 'Synced', revision: options.deployed },
      health: { status: 'Healthy' },
      operationState: {
        phase: 'Succeeded',
        operation: {
          sync: { revision: options.deployed },
          initiatedBy: { automated: true },
        },
        startedAt: '2026-11-30T10:00:00Z',
        finishedAt: '2026-11-30T10:00:05Z',
        syncResult: { revision: options.deployed, source },
      },
      history: [
        {
          id: 1,
          revision: options.deployed,
          deployedAt: '2026-11-30T10:00:05Z',
          source,
        },
      ],
    },
  };
}

export interface ActionsBackendOptions {
  env: TestEnvironment;
  git: GitServer;
  /** GitHub repositories: the facade and the integration host it stands for. */
  github?: { facade: GitHubFacade; host: string };
  /** The plugin's database; SQLite in memory when absent. */
  knex?: Knex;
  entities: Entity[];
  /** Entity ref → owners (user refs) for the owner policy. */
  owners: Record<string, string[]>;
  never?: string[];
  /** Merged into `gitops` config. */
  gitops?: JsonObject;
  /** More `gitops.clusters` entries (e.g. the same apiserver with a read-only token). */
  clusters?: JsonObject[];
}

/**
 * The real plugin on a test backend: the clusters are the test apiserver,
 * plain Git the test server, GitHub the facade; the auditor, signals and
 * logs are captured, and the permission policy is the owner policy.
 */
export interface ActionsBackend {
  server: any;
  audit: ReturnType<typeof captureAuditor>;
  signals: ReturnType<typeof captureSignals>;
  logs: ReturnType<typeof captureLogs>;
  policy: ReturnType<typeof ownerPolicy>;
  /** Requests as a user (an entity ref), with their token. */
  as(user: string): {
    get(url: string): request.Test;
    post(url: string, body: object): request.Test;
  };
  stop(): Promise<void>;
  /** Waits until the entity's answer holds deployment `id` (optionally matching `ready`). */
  waitForDeployment(
    entityName: string,
    id: string,
    ready?: (deployment: any) => boolean,
  ): Promise<any>;
}

export async function startActionsBackend(
  options: ActionsBackendOptions,
): Promise<ActionsBackend> {
  const { env, git } = options;
  const audit = captureAuditor();
  const signals = captureSignals();
  const logs = captureLogs();
  const policy = ownerPolicy({ owners: options.owners, never: options.never });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-actions-'));
  const gitHost = new URL(git.url).host;
  const integrations = options.github
    ? {
        github: [
          {
            host: options.github.host,
            apiBaseUrl: options.github.facade.url,
            token: git.token,
          },
        ],
      }
    : {};
  const gitops: JsonObject = {
    clusters: [
      {
        name: CLUSTER,
        url: env.server,
        token: env.adminToken,
        caData: Buffer.from(env.caPem).toString('base64'),
        environment: 'production',
      },
      ...(options.clusters ?? []),
    ],
    git: { allowedHosts: [gitHost], cacheDir, fetchIntervalSeconds: 0 },
    actions: { git: [{ urlPrefix: git.url, mode: 'direct' }] },
    ...options.gitops,
  };
  const config = new ConfigReader({ integrations, gitops });
  const actionsConfig = readActionsConfig(config);
  const writers = gitWriters({
    actions: actionsConfig,
    github: new GithubActionWriter({
      integrations: ScmIntegrations.fromConfig(config),
      actions: actionsConfig,
      cloneUrl: ({ owner, repo }) => `${git.url}/${owner}/${repo}.git`,
    }),
    plain: new PlainGitActionWriter({
      actions: actionsConfig,
      credentials: {
        authorization: async () =>
          `Basic ${Buffer.from(`git:${git.token}`).toString('base64')}`,
      },
    }),
  });
  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      audit.factory,
      signals.factory,
      logs.factory,
      policy.factory,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://backstage.test' },
          integrations,
          gitops,
        } as JsonObject,
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      createServiceFactory({
        service: gitopsGitWritersServiceRef,
        deps: {},
        factory: () => writers,
      }),
    ],
  });
  const server = backend.server;
  const as = (user: string) => ({
    get: (url: string) =>
      request(server)
        .get(`/api/gitops${url}`)
        .set('authorization', mockCredentials.user.header(user)),
    post: (url: string, body: object) =>
      request(server)
        .post(`/api/gitops${url}`)
        .set('authorization', mockCredentials.user.header(user))
        .send(body),
  });
  return {
    server,
    audit,
    signals,
    logs,
    policy,
    as,
    stop: async () => {
      await backend.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
    async waitForDeployment(entityName, id, ready = () => true) {
      let found: any;
      await waitFor(
        `deployment ${id} in ${entityName}'s answer`,
        async () => {
          const res = await as(ALICE).get(
            `/entities/default/component/${entityName}/deployments`,
          );
          found = res.body.deployments?.find((d: any) => d.id === id);
          return Boolean(found && ready(found));
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      return found;
    },
  };
}

/** The id the deployments answer gives an Application. */
export const argoDeploymentId = (namespace: string, name: string) =>
  `${CLUSTER}/${namespace}/argocd-application/${name}`;

/** A Flux GitRepository and a Kustomization of it, as their controllers leave them after applying `deployed`. */
export function fluxKustomization(options: {
  namespace: string;
  name: string;
  kubernetesId: string;
  repoURL: string;
  path: string;
  deployed: string;
}) {
  const revision = `main@sha1:${options.deployed}`;
  const ready = {
    type: 'Ready',
    status: 'True',
    reason: 'Succeeded',
    message: `Applied revision: ${revision}`,
    lastTransitionTime: '2026-11-30T10:00:00Z',
  };
  const source = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: options.name, namespace: options.namespace },
    spec: { url: options.repoURL, interval: '1m', ref: { branch: 'main' } },
    status: {
      artifact: {
        revision,
        digest: `sha256:${'b'.repeat(64)}`,
        lastUpdateTime: '2026-11-30T10:00:00Z',
        path: `gitrepository/${options.name}.tar.gz`,
        url: `http://source-controller/gitrepository/${options.name}.tar.gz`,
      },
      conditions: [{ ...ready, message: `stored artifact for ${revision}` }],
    },
  };
  const kustomization = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { 'backstage.io/kubernetes-id': options.kubernetesId },
    },
    spec: {
      interval: '5m',
      path: `./${options.path}`,
      prune: true,
      sourceRef: { kind: 'GitRepository', name: options.name },
    },
    status: {
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      conditions: [ready],
    },
  };
  return { source, kustomization };
}

/** An Application as Argo CD leaves it after syncing to `revision` at `finishedAt`. */
export function argoSyncedTo(
  stored: any,
  revision: string,
  finishedAt: string,
) {
  const source = stored.spec.source;
  return {
    ...stored,
    operation: null,
    status: {
      ...stored.status,
      sync: { status: 'Synced', revision },
      operationState: {
        phase: 'Succeeded',
        operation: stored.operation ?? {
          sync: { revision },
          initiatedBy: { automated: true },
        },
        startedAt: finishedAt,
        finishedAt,
        syncResult: { revision, source },
      },
      history: [
        ...(stored.status.history ?? []),
        {
          id: (stored.status.history?.length ?? 0) + 1,
          revision,
          deployedAt: finishedAt,
          source,
        },
      ],
    },
  };
}
