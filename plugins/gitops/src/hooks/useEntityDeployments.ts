import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityDeploymentsResponse } from '@gitops-console/plugin-gitops-common';
import { gitopsApiRef } from '../api/GitOpsApi';
import { LiveAsyncState, useLiveAsync } from './useLiveAsync';

/** The current entity's deployments, kept up to date. */
export function useEntityDeployments(): LiveAsyncState<EntityDeploymentsResponse> {
  const api = useApi(gitopsApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return useLiveAsync(
    () => api.getEntityDeployments(entityRef),
    [api, entityRef],
  );
}
