import net from 'node:net';
import { waitFor } from '../process/waitFor';
import { startFaultProxy, type FaultProxy } from './faultProxy';

/** An echo server: what a connection sends comes back. */
async function startEcho() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise(r => server.close(r));
    },
  };
}

function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let error: Error | undefined;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  socket.on('error', e => {
    error = e;
  });
  return {
    socket,
    received: () => received,
    error: () => error,
  };
}

describe('startFaultProxy', () => {
  let echo: Awaited<ReturnType<typeof startEcho>>;
  let proxy: FaultProxy;
  const clients: net.Socket[] = [];

  beforeEach(async () => {
    echo = await startEcho();
    proxy = await startFaultProxy({
      targetHost: '127.0.0.1',
      targetPort: echo.port,
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await proxy.close();
    await echo.close();
  });

  const open = () => {
    const c = connect(proxy.port);
    clients.push(c.socket);
    return c;
  };

  it('passes bytes both ways', async () => {
    const c = open();
    c.socket.write('hello');
    await waitFor('the echo', async () => c.received().toString() === 'hello', {
      timeoutMs: 5000,
      intervalMs: 10,
    });
    expect(proxy.accepted).toBe(1);
  });

  it('stalls open and new connections, then delivers what it held', async () => {
    const before = open();
    before.socket.write('a');
    await waitFor(
      'the first echo',
      async () => before.received().length === 1,
      {
        timeoutMs: 5000,
        intervalMs: 10,
      },
    );
    proxy.setFault({ mode: 'stall' });
    const during = open();
    before.socket.write('b');
    during.socket.write('c');
    await waitFor(
      'the stalled connection accepted',
      async () => proxy.open === 2,
      {
        timeoutMs: 5000,
        intervalMs: 10,
      },
    );
    // Nothing comes back while stalled; give it a real chance to.
    const until = Date.now() + 300;
    while (Date.now() < until) await new Promise(r => setTimeout(r, 20));
    expect(before.received().toString()).toBe('a');
    expect(during.received().length).toBe(0);

    proxy.setFault({ mode: 'pass' });
    await waitFor(
      'both connections answered',
      async () =>
        before.received().toString() === 'ab' &&
        during.received().toString() === 'c',
      { timeoutMs: 5000, intervalMs: 10 },
    );
  });

  it('throttles to the rate', async () => {
    proxy.setFault({ mode: 'throttle', bytesPerSecond: 4000 });
    const c = open();
    const started = Date.now();
    // 6000 bytes each way at 4000 B/s with a second's burst: about 0.5 s.
    c.socket.write(Buffer.alloc(6000, 1));
    await waitFor('all bytes back', async () => c.received().length === 6000, {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(() =>
      proxy.setFault({ mode: 'throttle', bytesPerSecond: 0 }),
    ).toThrow('throttle needs bytesPerSecond >= 1, got 0');
  });

  it('delivers what it held for a server that answered and hung up', async () => {
    const answer = Buffer.alloc(3000, 7);
    const server = net.createServer(socket => socket.end(answer));
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const slow = await startFaultProxy({
      targetHost: '127.0.0.1',
      targetPort: (server.address() as net.AddressInfo).port,
    });
    try {
      slow.setFault({ mode: 'throttle', bytesPerSecond: 4000 });
      const c = connect(slow.port);
      clients.push(c.socket);
      let ended = false;
      c.socket.on('end', () => (ended = true));
      await waitFor('the whole answer, then the end', async () => ended, {
        timeoutMs: 10_000,
        intervalMs: 10,
      });
      expect(c.received().length).toBe(answer.length);
      expect(c.error()).toBeUndefined();
    } finally {
      await slow.close();
      await new Promise(r => server.close(r));
    }
  });

  it('resets open and new connections', async () => {
    const before = open();
    before.socket.write('x');
    await waitFor('the echo', async () => before.received().length === 1, {
      timeoutMs: 5000,
      intervalMs: 10,
    });
    proxy.setFault({ mode: 'reset' });
    const during = open();
    await waitFor(
      'both reset',
      async () =>
        (before.error() as NodeJS.ErrnoException | undefined)?.code ===
          'ECONNRESET' &&
        (during.error() as NodeJS.ErrnoException | undefined)?.code ===
          'ECONNRESET',
      { timeoutMs: 5000, intervalMs: 10 },
    );
    expect(proxy.accepted).toBe(2);
  });
});
