import fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { GitOpsClusterConfig } from '../config/readClusters';

/**
 * A KubeConfig for one configured cluster. Token files are read on every
 * call, so rotated service-account tokens are picked up at the next
 * (re)connect.
 */
export function kubeConfigFor(cluster: GitOpsClusterConfig): KubeConfig {
  const token = cluster.tokenFile
    ? fs.readFileSync(cluster.tokenFile, 'utf8').trim()
    : cluster.token;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [{ name: 'gitops', token }],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: 'gitops' }],
    currentContext: cluster.name,
  });
  return kc;
}
