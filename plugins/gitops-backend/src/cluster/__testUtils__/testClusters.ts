import net from 'node:net';
import type { TestEnvironment } from '@gitops-console/testkit';
import type { GitOpsClusterConfig } from '../../config/readClusters';

/** A cluster config for the testkit's apiserver, as `gitops.clusters[]` gives it. */
export function clusterFor(
  env: TestEnvironment,
  name: string,
  token = env.adminToken,
): GitOpsClusterConfig {
  return {
    name,
    url: env.server,
    token,
    caData: Buffer.from(env.caPem).toString('base64'),
    skipTLSVerify: false,
    configKey: `gitops.clusters[${name}]`,
  };
}

/** A loopback port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}
