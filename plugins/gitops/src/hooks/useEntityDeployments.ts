import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import { gitopsApiRef } from '../api/GitOpsApi';
import { useComputingRetry } from './useComputingRetry';
import { LiveAsyncState, useLiveAsync } from './useLiveAsync';

const channelOf = (value?: EntityDeploymentsResponse) => value?.signalChannel;

/**
 * The current entity's deployments, kept up to date through the entity's
 * own signals channel (named by its answer), and asked again soon while the
 * backend is still building the view.
 */
export function useEntityDeployments(): LiveAsyncState<EntityDeploymentsResponse> {
  const api = useApi(gitopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const state = useLiveAsync(
    () => api.getEntityDeployments(entityRef),
    [api, entityRef],
    { cacheKey: `entity:${entityRef}`, signalChannel: channelOf },
  );
  useComputingRetry(!!state.value?.computing, state.value, state.refresh);
  return state;
}
