import { startTestEnvironment } from '@gitops-console/testkit';
import { ConformanceTarget } from './conformanceTarget';

const GITOPS_GROUPS = [
  'argoproj.io',
  'kustomize.toolkit.fluxcd.io',
  'helm.toolkit.fluxcd.io',
  'source.toolkit.fluxcd.io',
];

/**
 * The real kube-apiserver + etcd of @gitops-console/testkit, with the same
 * official CRDs. The read-only token belongs to a ServiceAccount allowed to
 * get, list and watch the GitOps kinds, as a read-only RBAC role grants.
 */
export async function startKubeApiserverTarget(): Promise<ConformanceTarget> {
  const env = await startTestEnvironment();
  try {
    const viewer = await env.createServiceAccountToken(
      [
        {
          apiGroups: GITOPS_GROUPS,
          resources: ['*'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
      { clusterWide: true },
    );
    return {
      name: 'kube-apiserver',
      url: env.server,
      caPem: env.caPem,
      token: env.adminToken,
      readOnlyToken: viewer.token,
      createNamespace: () => env.createNamespace(),
      stop: () => env.stop(),
    };
  } catch (error) {
    await env.stop();
    throw error;
  }
}
