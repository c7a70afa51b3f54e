// Builders for table tests: realistic CR shapes with only what a case needs.
import type { ArgoApplication } from './argocd';
import type { CommitSummary } from './deployment';
import type { FluxCondition, FluxHelmRelease, FluxKustomization } from './flux';

export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);
export const SHA_C = 'c'.repeat(40);

export function commit(
  sha: string,
  message = `change ${sha.slice(0, 7)}`,
): CommitSummary {
  return {
    sha,
    message,
    author: { name: 'Alice Moreau', email: 'alice@example.com' },
    committedAt: '2026-11-20T10:00:00Z',
  };
}

export function argoApp(
  status: ArgoApplication['status'],
  spec: ArgoApplication['spec'] = {},
): ArgoApplication {
  return {
    metadata: { name: 'inventory-production', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/acme/deploy',
        path: 'apps/inventory',
        targetRevision: 'main',
      },
      ...spec,
    },
    status,
  };
}

/** A healthy, synced app deployed at `revision` by a succeeded operation. */
export function syncedApp(revision = SHA_A): ArgoApplication['status'] {
  return {
    sync: { status: 'Synced', revision },
    health: { status: 'Healthy' },
    operationState: {
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2026-11-20T10:01:00Z',
      finishedAt: '2026-11-20T10:01:05Z',
      syncResult: { revision },
    },
    history: [{ id: 1, revision, deployedAt: '2026-11-20T10:01:05Z' }],
  };
}

export function cond(
  type: string,
  status: FluxCondition['status'],
  reason?: string,
  message?: string,
): FluxCondition {
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime: '2026-11-20T10:00:00Z',
  };
}

export function kustomization(
  status: FluxKustomization['status'],
  spec: FluxKustomization['spec'] = {},
): FluxKustomization {
  return {
    metadata: { name: 'payments-api', namespace: 'flux-system' },
    spec: {
      path: './apps/payments-api',
      sourceRef: { kind: 'GitRepository', name: 'deploy' },
      ...spec,
    },
    status,
  };
}

export function helmRelease(
  status: FluxHelmRelease['status'],
  spec: FluxHelmRelease['spec'] = {},
): FluxHelmRelease {
  return {
    metadata: { name: 'notifications', namespace: 'notifications' },
    spec: {
      chart: {
        spec: {
          chart: 'notifications',
          sourceRef: { kind: 'HelmRepository', name: 'acme' },
        },
      },
      ...spec,
    },
    status,
  };
}
