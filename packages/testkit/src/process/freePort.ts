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
