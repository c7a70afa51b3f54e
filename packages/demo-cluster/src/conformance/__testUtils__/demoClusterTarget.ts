import { randomBytes } from 'node:crypto';
import { startKubeApiServer } from '../../api/kubeApiServer';
import { loadResourceTypes } from '../../crd/loadCrds';
import { Cluster } from '../../store/cluster';
import { createDemoCertificates } from '../../tls/demoCertificates';
import { ConformanceTarget } from './conformanceTarget';

/**
 * The demo cluster's API server over HTTPS, as startDemoCluster runs it,
 * with an empty cluster and no simulated controllers: the scenarios see only
 * their own writes, as on a real API server with no controllers installed.
 */
export async function startDemoClusterTarget(): Promise<ConformanceTarget> {
  const certificates = createDemoCertificates(['127.0.0.1', 'localhost']);
  const cluster = new Cluster('conformance', loadResourceTypes());
  const server = await startKubeApiServer({
    clusters: [cluster],
    tls: { cert: certificates.serverCert, key: certificates.serverKey },
  });
  return {
    name: 'demo cluster',
    url: server.clusterUrl('conformance'),
    caPem: certificates.caCert,
    token: 'demo-token',
    readOnlyToken: 'demo-viewer-token',
    createNamespace: async () =>
      `conformance-${randomBytes(3).toString('hex')}`,
    stop: () => server.close(),
  };
}
