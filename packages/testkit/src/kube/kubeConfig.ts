import fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** What a client needs to reach the test apiserver as one identity. */
export interface ClusterAccess {
  server: string;
  caPem: string;
  token: string;
  /** Names the user entry, e.g. "admin" or "system:serviceaccount:ns:sa". */
  user: string;
}

const CLUSTER = 'testkit';

/** A @kubernetes/client-node KubeConfig for one identity. */
export function makeKubeConfig(access: ClusterAccess): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: CLUSTER,
        server: access.server,
        caData: Buffer.from(access.caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: access.user, token: access.token }],
    contexts: [{ name: access.user, cluster: CLUSTER, user: access.user }],
    currentContext: access.user,
  });
  return kc;
}

/** Writes a kubeconfig file that kubectl and KUBECONFIG understand. */
export function writeKubeconfigFile(filePath: string, access: ClusterAccess) {
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CLUSTER,
        cluster: {
          server: access.server,
          'certificate-authority-data': Buffer.from(access.caPem).toString(
            'base64',
          ),
        },
      },
    ],
    users: [{ name: access.user, user: { token: access.token } }],
    contexts: [
      { name: access.user, context: { cluster: CLUSTER, user: access.user } },
    ],
    'current-context': access.user,
  };
  fs.writeFileSync(filePath, stringify(document), { mode: 0o600 });
}
