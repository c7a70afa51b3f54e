/*
 * The cluster proxies in a process of their own, so the load tool's CPU in
 * the benchmark process does not slow the Kubernetes plugin's upstream
 * requests. Reads its settings from the JSON file named by argv[2], prints
 * one `READY <json>` line with the proxies' URLs and a control URL whose
 * GET /counters answers every proxy's counters.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { CertificateAndKey } from '@gitops-console/testkit';
import { startClusterProxy, type ClusterProxy } from './clusterProxy';

export interface ProxyProcessSettings {
  upstream: string;
  upstreamCaPem: string;
  serving: CertificateAndKey;
  namespaces: string[];
  /** One set of proxies per consumer, e.g. ["gitops", "kubernetes"]. */
  sets: string[];
}

async function main() {
  const settings: ProxyProcessSettings = JSON.parse(
    fs.readFileSync(process.argv[2], 'utf8'),
  );
  const sets: Record<string, ClusterProxy[]> = {};
  for (const set of settings.sets) {
    sets[set] = await Promise.all(
      settings.namespaces.map(namespace =>
        startClusterProxy({
          upstream: settings.upstream,
          upstreamCaPem: settings.upstreamCaPem,
          namespace,
          serving: settings.serving,
        }),
      ),
    );
  }
  const control = http.createServer((req, res) => {
    if (req.url !== '/counters') {
      res.writeHead(404).end();
      return;
    }
    const body = Object.fromEntries(
      Object.entries(sets).map(([set, proxies]) => [
        set,
        proxies.map(p => ({
          requests: p.counters.requests,
          watches: p.counters.watches,
          byRoute: Object.fromEntries(p.counters.byRoute),
        })),
      ]),
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve =>
    control.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = control.address() as net.AddressInfo;
  const urls = Object.fromEntries(
    Object.entries(sets).map(([set, proxies]) => [
      set,
      proxies.map(p => p.url),
    ]),
  );
  process.stdout.write(
    `READY ${JSON.stringify({ control: `http://127.0.0.1:${port}`, urls })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`proxy process failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
