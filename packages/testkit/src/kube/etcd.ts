import path from 'node:path';
import { freePort } from '../process/freePort';
import { ManagedProcess } from '../process/managedProcess';
import { waitFor } from '../process/waitFor';

/** A running single-member etcd on loopback. */
export interface EtcdServer {
  clientUrl: string;
  process: ManagedProcess;
}

/**
 * Starts etcd with its data in `dataDir`. Reusing `clientPort` and `dataDir`
 * restarts the same store, which `restart()` relies on.
 */
export async function startEtcd(options: {
  binary: string;
  dataDir: string;
  clientPort?: number;
  peerPort?: number;
  orphanDir?: string;
  logDir: string;
}): Promise<EtcdServer & { clientPort: number; peerPort: number }> {
  const clientPort = options.clientPort ?? (await freePort());
  const peerPort = options.peerPort ?? (await freePort());
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const etcd = ManagedProcess.start({
    name: 'etcd',
    command: options.binary,
    args: [
      '--name=testkit',
      `--data-dir=${options.dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=testkit=${peerUrl}`,
      // A test store: durability buys nothing and fsync is slow on shared disks.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ],
    orphanDir: options.orphanDir,
    logFile: path.join(options.logDir, 'etcd.log'),
  });
  await waitFor(
    'etcd to become healthy',
    async () => {
      const response = await fetch(`${clientUrl}/health`, {
        signal: AbortSignal.timeout(2000),
      });
      return response.ok && (await response.json()).health === 'true';
    },
    {
      timeoutMs: 30_000,
      intervalMs: 100,
      failure: () => (etcd.running ? undefined : etcd.exitError()),
    },
  );
  return { clientUrl, process: etcd, clientPort, peerPort };
}

/**
 * Compacts etcd's key history up to its current revision, through the
 * gRPC gateway's JSON API, and answers that revision.
 */
export async function compactEtcd(clientUrl: string): Promise<number> {
  const post = async (route: string, body: object) => {
    const response = await fetch(`${clientUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`etcd ${route}: HTTP ${response.status}: ${text}`);
    }
    return JSON.parse(text);
  };
  // Any range read answers the store's current revision in its header.
  const range = await post('/v3/kv/range', {
    key: Buffer.from('/').toString('base64'),
    count_only: true,
  });
  const revision = Number(range.header?.revision);
  if (!Number.isInteger(revision) || revision < 1) {
    throw new Error(`etcd answered no revision: ${JSON.stringify(range)}`);
  }
  await post('/v3/kv/compaction', {
    revision: String(revision),
    physical: true,
  });
  return revision;
}
