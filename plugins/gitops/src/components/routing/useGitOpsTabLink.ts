import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';

/** The path of the GitOps tab, relative to the entity page. */
export const GITOPS_TAB_PATH = 'gitops';

/** The URL of the current entity's GitOps tab. */
export function useGitOpsTabLink(): string {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  return `${entityRoute(entityRouteParams(entity))}/${GITOPS_TAB_PATH}`;
}
