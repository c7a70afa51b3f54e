import type { Entity } from '@backstage/catalog-model';
import type {
  CommitSummary,
  Deployment,
  DriftState,
  EntityDeploymentsResponse,
  FleetDeployment,
  FleetResponse,
} from '@gitops-console/plugin-gitops-common';
import type { GitOpsApi } from '../api/GitOpsApi';

// Builders for component tests: realistic answers of the backend with only
// what a case needs overridden.

export const SHA_DEPLOYED = '1a2b3c4d5e6f708192a3b4c5d6e7f80912345678';
export const SHA_PENDING = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';

export const NOW = '2026-11-20T12:00:00Z';
export const HOUR_AGO = '2026-11-20T11:00:00Z';

export function commit(
  sha: string,
  overrides: Partial<CommitSummary> = {},
): CommitSummary {
  return {
    sha,
    message: `change ${sha.slice(0, 7)}\n\nlonger body`,
    author: { name: 'Alice Moreau', email: 'alice@example.com' },
    committedAt: HOUR_AGO,
    url: `https://git.example.com/storefront/commit/${sha}`,
    ...overrides,
  };
}

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  const environment = overrides.environment ?? 'production';
  const cluster = overrides.cluster ?? `demo-${environment}`;
  const name = overrides.name ?? `inventory-${environment}`;
  return {
    id: `${cluster}/argocd/argocd-application/${name}`,
    cluster,
    namespace: 'argocd',
    name,
    kind: 'argocd-application',
    environment,
    source: {
      type: 'git',
      repoURL: 'https://git.example.com/storefront.git',
      path: `apps/inventory/${environment}`,
      ref: 'main',
      pendingCommits: [],
      pendingTruncated: false,
    },
    sources: [
      {
        type: 'git',
        repoURL: 'https://git.example.com/storefront.git',
        path: `apps/inventory/${environment}`,
        ref: 'main',
        pendingCommits: [],
        pendingTruncated: false,
      },
    ],
    desiredRevision: SHA_DEPLOYED,
    deployedRevision: SHA_DEPLOYED,
    deployedCommit: commit(SHA_DEPLOYED, {
      message: 'Raise the stock cache TTL',
      pullRequest: { number: 42, url: 'https://git.example.com/pr/42' },
    }),
    syncStatus: 'Synced',
    health: 'Healthy',
    lastSyncedAt: HOUR_AGO,
    lastSeenAt: NOW,
    autoSync: { enabled: true, prune: true, selfHeal: true },
    suspended: false,
    drift: { state: 'in-sync', reasons: [], resources: [] },
    pendingCommits: [],
    pendingTruncated: false,
    history: [
      {
        revision: SHA_DEPLOYED,
        deployedAt: HOUR_AGO,
        initiatedBy: { automated: true },
        commit: commit(SHA_DEPLOYED, {
          message: 'Raise the stock cache TTL',
          pullRequest: { number: 42, url: 'https://git.example.com/pr/42' },
        }),
      },
    ],
    links: {
      commit: `https://git.example.com/storefront/commit/${SHA_DEPLOYED}`,
      repo: 'https://git.example.com/storefront',
      argocd: `https://argocd.example.com/applications/argocd/${name}`,
    },
    ...overrides,
  };
}

/** A deployment in a given drift state, with the evidence the backend gives. */
export function deploymentIn(
  state: DriftState,
  overrides: Partial<Deployment> = {},
): Deployment {
  const byState: Record<DriftState, Partial<Deployment>> = {
    'in-sync': {},
    behind: {
      desiredRevision: SHA_PENDING,
      pendingCommits: [
        commit(SHA_PENDING, {
          message: 'Add the express checkout button',
          author: { name: 'Bob Lin' },
          pullRequest: { number: 57, url: 'https://git.example.com/pr/57' },
        }),
      ],
      drift: {
        state: 'behind',
        reasons: [
          { code: 'pending-commits', message: '1 commit not deployed' },
        ],
        resources: [],
      },
      autoSync: { enabled: false, prune: false, selfHeal: false },
    },
    'out-of-sync': {
      syncStatus: 'OutOfSync',
      drift: {
        state: 'out-of-sync',
        reasons: [
          {
            code: 'out-of-sync',
            message: 'live state differs from Git: 1 resource OutOfSync',
          },
        ],
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'catalog-search',
            name: 'catalog-search',
            status: 'OutOfSync',
            health: 'Healthy',
          },
        ],
      },
    },
    failing: {
      health: 'Degraded',
      drift: {
        state: 'failing',
        reasons: [
          {
            code: 'ready-false',
            message: 'Ready=False (UpgradeFailed): Helm upgrade failed',
            since: HOUR_AGO,
          },
        ],
        resources: [],
      },
    },
    suspended: {
      kind: 'flux-kustomization',
      suspended: true,
      health: 'Suspended',
      drift: {
        state: 'suspended',
        reasons: [
          { code: 'suspended', message: 'reconciliation is suspended' },
        ],
        resources: [],
      },
    },
    unknown: {
      drift: {
        state: 'unknown',
        reasons: [
          {
            code: 'cluster-unreachable',
            message:
              'cluster unreachable: connect ECONNREFUSED; showing the last known state',
            since: HOUR_AGO,
          },
        ],
        resources: [],
      },
    },
  };
  return deployment({ ...byState[state], ...overrides });
}

export function deploymentsResponse(
  deployments: Deployment[],
  overrides: Partial<EntityDeploymentsResponse> = {},
): EntityDeploymentsResponse {
  return {
    entityRef: 'component:default/inventory',
    observedAt: NOW,
    deployments,
    problems: [],
    ...overrides,
  };
}

export function fleetDeployment(
  d: Deployment,
  overrides: Partial<FleetDeployment> = {},
): FleetDeployment {
  return {
    ...d,
    entityRef: 'component:default/inventory',
    entityTitle: 'inventory',
    owner: 'group:default/team-storefront',
    system: 'system:default/storefront',
    lifecycle: 'production',
    type: 'service',
    tags: [],
    ...overrides,
  };
}

export function fleetResponse(
  items: FleetDeployment[],
  overrides: Partial<FleetResponse> = {},
): FleetResponse {
  const totals = {
    unknown: 0,
    suspended: 0,
    failing: 0,
    'out-of-sync': 0,
    behind: 0,
    'in-sync': 0,
  };
  for (const d of items) totals[d.drift.state] += 1;
  return {
    observedAt: NOW,
    items,
    totalItems: items.length,
    totals,
    offset: 0,
    limit: 25,
    ...overrides,
  };
}

export const annotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'inventory',
    namespace: 'default',
    annotations: {
      'argocd/app-name': 'inventory-staging,inventory-production',
      'gitops.backstage.io/environments': 'staging,production',
    },
  },
  spec: { owner: 'group:default/team-storefront' },
};

/** A GitOpsApi whose every method fails unless a test gives it an answer. */
export function fakeGitOpsApi(overrides: Partial<GitOpsApi> = {}): GitOpsApi {
  const unexpected = (name: string) => async () => {
    throw new Error(`unexpected call to ${name}`);
  };
  return {
    getHealth: unexpected('getHealth'),
    getEntityDeployments: unexpected('getEntityDeployments'),
    getEntityHistory: unexpected('getEntityHistory'),
    getEntityLedger: unexpected('getEntityLedger'),
    getEntityMetrics: unexpected('getEntityMetrics'),
    getFleetMetrics: unexpected('getFleetMetrics'),
    getClusters: unexpected('getClusters'),
    queryFleet: unexpected('queryFleet'),
    previewAction: unexpected('previewAction'),
    createAction: unexpected('createAction'),
    listActions: unexpected('listActions'),
    getAction: unexpected('getAction'),
    getActionPermissions: unexpected('getActionPermissions'),
    ...overrides,
  };
}

/** A failed read as the client reports it (a ResponseError). */
export function responseError(status: number, message: string): Error {
  return Object.assign(new Error(`Request failed with ${status}: ${message}`), {
    name: 'ResponseError',
    statusCode: status,
    statusText: '',
    response: {},
    body: { error: { name: 'Error', message } },
    cause: { name: 'Error', message },
  });
}

export const SHA_LAST_CHANGE = '5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d';

/**
 * A deployment as a backend with the truth work answers: the deployed SHA is
 * a commit about another service, `lastChange` the one that last touched
 * this deployment's render inputs, and the desired revision (newest commit
 * touching them) is that same, older, commit.
 */
export function deploymentWithLastChange(
  overrides: Partial<Deployment> = {},
): Deployment {
  const lastChange = commit(SHA_LAST_CHANGE, {
    message: 'Raise the inventory replicas to 4',
    author: { name: 'Dana Ortiz' },
    pullRequest: { number: 71, url: 'https://git.example.com/pr/71' },
  });
  const base = deployment({
    deployedCommit: commit(SHA_DEPLOYED, {
      message: 'catalog-search: scale staging',
    }),
    desiredRevision: SHA_LAST_CHANGE,
    lastChange,
    ...overrides,
  });
  return {
    ...base,
    sources: base.sources.map((s, i) =>
      i === 0 ? { ...s, lastChange, desiredRevision: SHA_LAST_CHANGE } : s,
    ),
    source: base.source && { ...base.source, lastChange },
  };
}
