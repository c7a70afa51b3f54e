import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { waitFor } from '@gitops-console/testkit';
import { ClusterIndex } from './ClusterIndex';

jest.setTimeout(30_000);

/**
 * A server that accepts TCP connections and never says a word, as a
 * SIGSTOPped API server does: the first list must fail on its deadline,
 * and stopping must not wait for requests that would never end.
 */
describe('ClusterIndex against a server that accepts and never answers', () => {
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    server = net.createServer(socket => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise(r => server.close(r));
  });

  it('reports it unreachable on the request deadline, and stops at once', async () => {
    const index = new ClusterIndex({
      clusters: [
        {
          name: 'silent',
          url: `https://127.0.0.1:${port}`,
          token: 'secret-token',
          skipTLSVerify: true,
          configKey: 'gitops.clusters[0]',
          // Requests get half of it: 5 s.
          watchTimeoutSeconds: 10,
        },
      ],
      logger: mockServices.logger.mock(),
    });
    const started = Date.now();
    index.start();
    let stopped = false;
    try {
      await waitFor(
        'the silent cluster to be reported',
        async () => index.status('silent')!.synced,
        { timeoutMs: 15_000, intervalMs: 50 },
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(4900);
      expect(elapsed).toBeLessThan(10_000);
      const status = index.status('silent')!;
      expect(status.reachable).toBe(false);
      expect(status.lastError?.message).toMatch(
        /^GET \/apis\/.+: no answer within 5 s: the API server does not answer$/,
      );
      expect(JSON.stringify(status)).not.toContain('secret-token');

      // Retries are in flight (probes with a 5 s deadline); stop ends them.
      await waitFor(
        'a retry to be waiting on the server',
        async () => sockets.size > 0,
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      const stopping = Date.now();
      await index.stop();
      stopped = true;
      expect(Date.now() - stopping).toBeLessThan(1000);
    } finally {
      if (!stopped) await index.stop();
    }
  });
});
