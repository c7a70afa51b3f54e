import { spawnSync } from 'node:child_process';
import net from 'node:net';

/**
 * Asks the kernel for a free loopback port. Another process may take it
 * before the caller binds it, so callers that start servers retry on
 * "address in use"; the window is small in practice.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * freePort() for places that cannot wait, such as Jest module scope where
 * Backstage's TestDatabases.create() reads its environment: a short-lived
 * Node process asks the kernel instead.
 */
export function freePortSync(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
  });
  const port = Number(result.stdout);
  if (result.status !== 0 || !Number.isInteger(port) || port <= 0) {
    throw new Error(
      `could not find a free port: ${result.stderr || result.stdout}`,
    );
  }
  return port;
}
