import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { waitFor } from '@gitops-console/testkit';
import { kubeConfigFor } from './kubeConfigFor';
import { KubeHttp } from './kubeHttp';
import { ResourceWatcher } from './ResourceWatcher';
import { WATCHED_KINDS } from './watchedKinds';

const application = (name: string, resourceVersion: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd', resourceVersion },
});

/**
 * A server may say "410 Gone" as the watch's own HTTP status rather than
 * as an ERROR event in it. Either way the watcher lists again at once:
 * no backoff, no warning, and the objects listed are its store.
 */
jest.setTimeout(20_000);

describe('ResourceWatcher and a watch answered 410 Gone', () => {
  let server: http.Server;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    let lists = 0;
    server = http.createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      requests.push(
        query.get('watch') ? `watch@${query.get('resourceVersion')}` : 'list',
      );
      res.setHeader('content-type', 'application/json');
      if (!query.get('watch')) {
        lists += 1;
        res.end(
          JSON.stringify({
            metadata: { resourceVersion: String(10 * lists) },
            items:
              lists === 1
                ? [application('shop', '5')]
                : [application('shop', '5'), application('cart', '15')],
          }),
        );
      } else if (query.get('resourceVersion') === '10') {
        res.statusCode = 410;
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            reason: 'Expired',
            code: 410,
            message: 'too old resource version: 10 (20)',
          }),
        );
      } else {
        // Open and quiet, as a healthy watch is.
        res.flushHeaders();
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  it('lists again at once and keeps watching from the new list', async () => {
    const logger = mockServices.logger.mock();
    const changes: string[] = [];
    const phases: string[] = [];
    let watcher: ResourceWatcher | undefined = undefined;
    watcher = new ResourceWatcher({
      cluster: 'prod',
      kind: WATCHED_KINDS[0],
      http: new KubeHttp(() =>
        kubeConfigFor({
          name: 'prod',
          url,
          token: 't',
          skipTLSVerify: true,
          configKey: 'x',
        }),
      ),
      probe: async () => undefined,
      logger,
      // A retry would wait at least this long: the re-list must not.
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      onChange: (type, object) =>
        changes.push(`${type} ${object.metadata.name}`),
      onStatus: () => phases.push(watcher?.status.phase ?? 'starting'),
    });
    watcher.start();
    try {
      await waitFor(
        'the watch from the second list',
        async () => requests.includes('watch@20'),
        { timeoutMs: 5000, intervalMs: 10 },
      );
      expect(requests).toEqual(['list', 'watch@10', 'list', 'watch@20']);
      expect(changes).toEqual(['ADDED shop', 'ADDED cart']);
      expect(
        watcher
          .list()
          .map(o => o.metadata.name)
          .sort(),
      ).toEqual(['cart', 'shop']);
      expect(phases).not.toContain('backoff');
      expect(watcher.status.lastError).toBeUndefined();
      expect(logger.warn).not.toHaveBeenCalled();
      expect(logger.debug).toHaveBeenCalledWith(
        'Cluster prod: Application: watch expired (410 Gone); listing again',
      );
    } finally {
      await watcher.stop();
    }
  });
});
