import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeRestClient } from './kubeRestClient';
import { KubeResources } from './resources';

/** An RBAC rule, as in a Role's `rules[]`. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ServiceAccountTokenOptions {
  /** Where the ServiceAccount and its Role live; created if missing. Default "default". */
  namespace?: string;
  /** Default: a fresh random name. */
  name?: string;
  /** Grant the rules in every namespace (ClusterRole + ClusterRoleBinding). */
  clusterWide?: boolean;
  /** Token lifetime; the apiserver's minimum is 600. Default 3600. */
  expirationSeconds?: number;
}

/** A limited identity: its token and a KubeConfig that uses it. */
export interface ServiceAccountIdentity {
  namespace: string;
  name: string;
  /** The authenticated username, system:serviceaccount:<ns>:<name>. */
  username: string;
  token: string;
  kubeConfig: KubeConfig;
}

/**
 * Creates a ServiceAccount bound to exactly `rules` and issues a token for it
 * through the TokenRequest API, the way real clusters hand out limited access.
 */
export async function createServiceAccountToken(
  client: KubeRestClient,
  resources: KubeResources,
  kubeConfigFor: (token: string, user: string) => KubeConfig,
  rules: PolicyRule[],
  options: ServiceAccountTokenOptions = {},
): Promise<ServiceAccountIdentity> {
  const namespace = options.namespace ?? 'default';
  const name = options.name ?? `testkit-${randomBytes(4).toString('hex')}`;
  const username = `system:serviceaccount:${namespace}:${name}`;
  await resources.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  await resources.apply({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace },
  });
  const roleKind = options.clusterWide ? 'ClusterRole' : 'Role';
  // Cluster-scoped names are shared, so make them unique per namespace.
  const roleName = options.clusterWide ? `${namespace}:${name}` : name;
  const roleMetadata = options.clusterWide
    ? { name: roleName }
    : { name: roleName, namespace };
  await resources.apply({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: roleKind,
    metadata: roleMetadata,
    rules,
  });
  await resources.apply({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: options.clusterWide ? 'ClusterRoleBinding' : 'RoleBinding',
    metadata: roleMetadata,
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: roleKind,
      name: roleName,
    },
    subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  const tokenRequest = await client.request(
    'POST',
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: options.expirationSeconds ?? 3600 },
    },
  );
  const token: string = tokenRequest.status.token;
  return {
    namespace,
    name,
    username,
    token,
    kubeConfig: kubeConfigFor(token, username),
  };
}
