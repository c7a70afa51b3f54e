import type { Deployment } from '@gitops-console/plugin-gitops-common';

/** A built deployment as the views hold it, for ledger rules. */
export function ledgerDeployment(
  overrides: Partial<Deployment> = {},
): Deployment {
  return {
    id: 'prod/argocd/Application/shop',
    cluster: 'prod',
    namespace: 'argocd',
    name: 'shop',
    kind: 'argocd-application',
    environment: 'production',
    sources: [],
    deployedRevision: 'b'.repeat(40),
    syncStatus: 'Synced',
    health: 'Healthy',
    suspended: false,
    drift: { state: 'in-sync', reasons: [], resources: [] },
    pendingCommits: [],
    pendingTruncated: false,
    history: [],
    links: {},
    ...overrides,
  };
}
