import https from 'node:https';
import net from 'node:net';
import type { CertificateAndKey } from '@gitops-console/testkit';

/*
 * One "cluster" of the benchmark: a TLS proxy in front of the shared
 * kube-apiserver that (1) scopes cluster-wide list/watch of the GitOps custom
 * resources to the cluster's namespace, so ten entries on one apiserver see
 * ten different sets of objects, and (2) counts every request, so upstream
 * requests per page view are measured outside the plugins.
 */

const CLUSTER_WIDE_CR =
  /^\/apis\/(argoproj\.io|[a-z]+\.toolkit\.fluxcd\.io)\/([^/]+)\/([a-z]+)(\?.*)?$/;

export interface ProxyCounters {
  requests: number;
  watches: number;
  /** Requests by method and path without query, e.g. "GET /apis/argoproj.io/v1alpha1/applications". */
  byRoute: Map<string, number>;
}

export interface ClusterProxy {
  readonly url: string;
  readonly counters: ProxyCounters;
  close(): Promise<void>;
}

/** The path the apiserver gets: cluster-wide CR paths go to `namespace`. */
export function scopePath(path: string, namespace: string): string {
  const match = CLUSTER_WIDE_CR.exec(path);
  if (!match) return path;
  const [, group, version, plural, query = ''] = match;
  return `/apis/${group}/${version}/namespaces/${namespace}/${plural}${query}`;
}

export async function startClusterProxy(options: {
  upstream: string;
  upstreamCaPem: string;
  namespace: string;
  serving: CertificateAndKey;
}): Promise<ClusterProxy> {
  const upstream = new URL(options.upstream);
  const agent = new https.Agent({
    keepAlive: true,
    ca: options.upstreamCaPem,
    maxSockets: 64,
  });
  const counters: ProxyCounters = {
    requests: 0,
    watches: 0,
    byRoute: new Map(),
  };
  const server = https.createServer(
    { cert: options.serving.certPem, key: options.serving.keyPem },
    (req, res) => {
      counters.requests += 1;
      const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
      counters.byRoute.set(route, (counters.byRoute.get(route) ?? 0) + 1);
      const path = scopePath(req.url ?? '/', options.namespace);
      if (/[?&]watch=(true|1)/.test(path)) counters.watches += 1;
      const headers = { ...req.headers, host: upstream.host };
      const forward = https.request(
        {
          protocol: 'https:',
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path,
          headers,
          agent,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          // Watches send headers long before the first event: pass them on now.
          res.flushHeaders();
          answer.pipe(res);
        },
      );
      forward.on('error', error => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
        }
        res.end(`bench proxy: ${error.message}\n`);
      });
      // A client that goes away (a watch closed) closes the upstream request.
      res.on('close', () => forward.destroy());
      req.pipe(forward);
    },
  );
  const sockets = new Set<net.Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    counters,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      }),
  };
}
