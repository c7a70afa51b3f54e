import type {
  ActionPermissionsResponse,
  ActionPreviewResponse,
  ActionRecordResponse,
} from '@gitops-console/plugin-gitops-common';
import { ActionRequestError } from '../api/ActionRequestError';
import { HOUR_AGO, NOW, SHA_DEPLOYED, SHA_PENDING } from './fixtures';

// Builders of the actions API's answers, for component tests.

export const SHA_OLDER = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
export const SHA_RESULT = 'c0ffee0123456789abcdef0123456789abcdef01';
export const DEPLOYMENT_ID =
  'demo-production/argocd/argocd-application/inventory-production';

export function rollbackPreview(
  overrides: Partial<ActionPreviewResponse> = {},
): ActionPreviewResponse {
  return {
    type: 'rollback',
    deploymentId: DEPLOYMENT_ID,
    target: 'git',
    repoUrl: 'https://git.example.com/storefront.git',
    branch: 'main',
    paths: ['apps/inventory/production'],
    delivery: 'direct',
    targetRevision: SHA_OLDER,
    expectedHead: SHA_DEPLOYED,
    commitsUndone: [
      {
        sha: SHA_DEPLOYED,
        subject: 'Raise the stock cache TTL',
        authorName: 'Alice Moreau',
        authorDate: HOUR_AGO,
      },
    ],
    files: [
      {
        path: 'apps/inventory/production/values.yaml',
        status: 'modified',
        additions: 2,
        deletions: 3,
      },
    ],
    warnings: [
      {
        code: 'changes-outside-path',
        message: 'apps/inventory/base changed since the target and stays as is',
        files: ['apps/inventory/base/deployment.yaml'],
      },
    ],
    ...overrides,
  };
}

export function clusterPreview(
  type: ActionPreviewResponse['type'],
  effect: string,
): ActionPreviewResponse {
  return {
    type,
    deploymentId: DEPLOYMENT_ID,
    target: 'cluster',
    commitsUndone: [],
    files: [],
    warnings: [],
    effect,
  };
}

export function actionRecord(
  overrides: Partial<ActionRecordResponse> = {},
): ActionRecordResponse {
  return {
    id: 'act-1',
    entityRef: 'component:default/inventory',
    deploymentId: DEPLOYMENT_ID,
    type: 'rollback',
    targetRevision: SHA_OLDER,
    commit: null,
    reason: 'the TTL change broke checkout',
    requestedBy: 'user:default/alice',
    status: 'requested',
    prUrl: null,
    resultCommitSha: null,
    error: null,
    warnings: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export const ALLOWED: ActionPermissionsResponse = {
  rollback: { result: 'allowed' },
  sync: { result: 'allowed' },
};

/** A refusal as the client reports it. */
export function actionError(
  status: number,
  message: string,
  details: ActionRequestError['details'] = {},
) {
  return new ActionRequestError(message, status, details);
}

export { SHA_PENDING };
