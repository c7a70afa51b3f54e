import type { Deployment } from '@gitops-console/plugin-gitops-common';
import type { IndexedResource } from './ResourceMatcher';

/**
 * What an entity shows for a resource whose view could not be built: the
 * resource with its problem, so it is visible and the others are complete.
 */
export function failedDeployment(
  resource: IndexedResource,
  code: string,
  error: unknown,
  environment?: string,
): Deployment {
  const message = error instanceof Error ? error.message : String(error);
  return {
    id: `${resource.cluster}/${resource.namespace}/${resource.kind}/${resource.name}`,
    cluster: resource.cluster,
    namespace: resource.namespace,
    name: resource.name,
    kind: resource.kind,
    ...(environment && { environment }),
    sources: [],
    syncStatus: 'Unknown',
    health: 'Unknown',
    suspended: false,
    drift: {
      state: 'unknown',
      reasons: [{ code, message }],
      resources: [],
    },
    pendingCommits: [],
    pendingTruncated: false,
    history: [],
    links: {},
    problem: { code, message },
  };
}
