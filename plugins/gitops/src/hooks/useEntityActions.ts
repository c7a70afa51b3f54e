import { useApi } from '@backstage/core-plugin-api';
import type { ActionListResponse } from '@gitops-console/plugin-gitops-common';
import { gitopsApiRef } from '../api/GitOpsApi';
import { LiveAsyncState, useLiveAsync } from './useLiveAsync';

/** A record changes status, or a deployment moves (which may deploy one). */
export const ACTION_LIST_SIGNALS: readonly string[] = [
  'action-changed',
  'deployments-changed',
];

/** The entity's actions, newest first, reloaded when any of them changes. */
export function useEntityActions(
  entityRef: string,
  signalChannel: string | undefined,
  limit: number,
  /** Changes when this page asked for an action: read the list again. */
  version = 0,
): LiveAsyncState<ActionListResponse> {
  const api = useApi(gitopsApiRef);
  return useLiveAsync(
    () => api.listActions(entityRef, { limit }),
    [api, entityRef, limit, version],
    { keepPrevious: true, signalChannel, signalTypes: ACTION_LIST_SIGNALS },
  );
}
