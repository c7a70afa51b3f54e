import { useApi } from '@backstage/core-plugin-api';
import type { ActionPermissionsResponse } from '@gitops-console/plugin-gitops-common';
import useAsync from 'react-use/esm/useAsync';
import { gitopsApiRef } from '../api/GitOpsApi';

/** What the signed-in user may do on the entity, asked once per page. */
export function useActionPermissions(entityRef: string): {
  value?: ActionPermissionsResponse;
  error?: Error;
  loading: boolean;
} {
  const api = useApi(gitopsApiRef);
  const { value, error, loading } = useAsync(
    () => api.getActionPermissions(entityRef),
    [api, entityRef],
  );
  return { value, error, loading };
}
