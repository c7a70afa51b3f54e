import { signalApiRef } from '@backstage/plugin-signals-react';
import type { Deployment } from '@gitops-console/plugin-gitops-common';
import { screen, within } from '@testing-library/react';
import type { GitOpsApi } from '../api/GitOpsApi';
import { EntityGitOpsContent } from '../components/EntityGitOpsContent';
import { ALLOWED, SHA_OLDER } from './actionFixtures';
import { fakeSignals } from './fakeSignals';
import {
  commit,
  deployment,
  deploymentsResponse,
  fakeGitOpsApi,
  HOUR_AGO,
  SHA_DEPLOYED,
} from './fixtures';
import { renderWithEntity } from './renderWithEntity';

export const ACTIONS_CHANNEL = 'gitops:entity:7e1d';

/** A production deployment whose history has an earlier revision to roll back to. */
export function deploymentWithHistory(
  overrides: Partial<Deployment> = {},
): Deployment {
  const base = deployment(overrides);
  return {
    ...base,
    history: [
      ...base.history,
      {
        revision: SHA_OLDER,
        deployedAt: '2026-11-19T09:00:00Z',
        initiatedBy: { automated: true },
        commit: commit(SHA_OLDER, {
          message: 'Set the stock cache TTL to 60s',
        }),
      },
    ],
    ...overrides,
  };
}

/**
 * Renders the GitOps tab with signals and an API that allows actions and
 * lists none, unless the test says otherwise.
 */
export function renderActionsTab(
  api: Partial<GitOpsApi> = {},
  deployments: Deployment[] = [deploymentWithHistory()],
): { signals: ReturnType<typeof fakeSignals>; api: GitOpsApi } {
  const signals = fakeSignals();
  const gitops = fakeGitOpsApi({
    getEntityDeployments: async () =>
      deploymentsResponse(deployments, { signalChannel: ACTIONS_CHANNEL }),
    getActionPermissions: async () => ALLOWED,
    listActions: async () => ({ items: [] }),
    ...api,
  });
  renderWithEntity(<EntityGitOpsContent />, {
    api: gitops,
    apis: [[signalApiRef, signals.api]],
  });
  return { signals, api: gitops };
}

/** The section of the tab about one environment. */
export async function deploymentSection(environment: string) {
  const card = (
    await screen.findByText(`${environment} · demo-${environment}`)
  ).closest('[id^="gitops-"]') as HTMLElement;
  return within(card);
}

export { HOUR_AGO, SHA_DEPLOYED };
