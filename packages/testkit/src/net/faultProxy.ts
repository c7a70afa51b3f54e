import net from 'node:net';

/**
 * What the proxy does with traffic:
 * - `pass`: forwards both ways;
 * - `stall`: accepts connections and forwards nothing either way, as a
 *   frozen or black-holed server does (open connections go silent too);
 * - `throttle`: forwards at most `bytesPerSecond` each way per connection;
 * - `reset`: ends every connection, open or new, with a TCP RST.
 */
export type FaultMode =
  | { mode: 'pass' }
  | { mode: 'stall' }
  | { mode: 'throttle'; bytesPerSecond: number }
  | { mode: 'reset' };

export interface FaultProxyOptions {
  /** Where traffic goes: the real server. */
  targetHost: string;
  targetPort: number;
  /** Port to listen on, on 127.0.0.1; a free one by default. */
  port?: number;
}

/** A TCP proxy in front of a server, whose fault can change at any time. */
export interface FaultProxy {
  readonly port: number;
  /** `127.0.0.1:<port>`, to put in a URL. */
  readonly address: string;
  readonly fault: FaultMode;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Applies to open connections at once and to every new one. */
  setFault(fault: FaultMode): void;
  /** Closes the listener and every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * One direction of a connection: reads from `from`, writes to `to`, and
 * holds or paces the bytes as the proxy's fault says.
 */
class Pipe {
  private queue: Buffer[] = [];
  private timer?: NodeJS.Timeout;
  private budget = 0;
  private lastRefill = Date.now();
  /** The sender finished: end the receiver once the queue is delivered. */
  private ended = false;
  private endSent = false;

  constructor(
    from: net.Socket,
    private readonly to: () => net.Socket | undefined,
    private readonly fault: () => FaultMode,
  ) {
    from.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.flush();
    });
    from.on('end', () => {
      this.ended = true;
      this.flush();
    });
  }

  /** Forwards what the fault allows now; schedules the rest. */
  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const to = this.to();
    const fault = this.fault();
    if (!to || to.destroyed || fault.mode === 'stall' || fault.mode === 'reset')
      return;
    if (fault.mode === 'pass') {
      for (const chunk of this.queue) to.write(chunk);
      this.queue = [];
      this.endIfDone(to);
      return;
    }
    // Token bucket refilled at the rate, holding at most a second's worth.
    const now = Date.now();
    this.budget = Math.min(
      fault.bytesPerSecond,
      this.budget + ((now - this.lastRefill) / 1000) * fault.bytesPerSecond,
    );
    this.lastRefill = now;
    while (this.queue.length > 0 && this.budget >= 1) {
      const chunk = this.queue[0];
      const n = Math.min(chunk.length, Math.floor(this.budget));
      to.write(chunk.subarray(0, n));
      this.budget -= n;
      if (n === chunk.length) this.queue.shift();
      else this.queue[0] = chunk.subarray(n);
    }
    if (this.queue.length > 0) {
      const wait = Math.max(
        10,
        (1000 * (1 - this.budget)) / fault.bytesPerSecond,
      );
      this.timer = setTimeout(() => this.flush(), Math.min(wait, 100));
    } else {
      this.endIfDone(to);
    }
  }

  private endIfDone(to: net.Socket) {
    if (this.ended && !this.endSent && this.queue.length === 0) {
      this.endSent = true;
      to.end();
    }
  }

  stop() {
    clearTimeout(this.timer);
    this.queue = [];
  }
}

/**
 * Starts a TCP proxy to `targetHost:targetPort`. TLS passes through
 * untouched, so a client keeps verifying the real server's certificate
 * (which must name 127.0.0.1).
 */
export async function startFaultProxy(
  options: FaultProxyOptions,
): Promise<FaultProxy> {
  let fault: FaultMode = { mode: 'pass' };
  let accepted = 0;
  const connections = new Set<{
    client: net.Socket;
    upstream?: net.Socket;
    pipes: Pipe[];
    connect(): void;
    reset(): void;
  }>();

  // Half-open, so each direction ends only once its held bytes are out.
  const server = net.createServer({ allowHalfOpen: true }, client => {
    accepted += 1;
    if (fault.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    let upstream: net.Socket | undefined;
    const connection = {
      client,
      upstream,
      pipes: [] as Pipe[],
      // A stalled proxy never reaches the server: nothing answers at all.
      connect() {
        if (upstream || client.destroyed) return;
        upstream = net.connect({
          port: options.targetPort,
          host: options.targetHost,
          allowHalfOpen: true,
        });
        connection.upstream = upstream;
        upstream.on('error', () => client.destroy());
        // A clean end reaches the client through the pipe, after the bytes
        // still held for it.
        upstream.on('close', hadError => {
          if (hadError) client.destroy();
        });
        connection.pipes.push(
          new Pipe(
            upstream,
            () => client,
            () => fault,
          ),
        );
        for (const pipe of connection.pipes) pipe.flush();
      },
      reset() {
        for (const pipe of connection.pipes) pipe.stop();
        if (!client.destroyed) client.resetAndDestroy();
        if (upstream && !upstream.destroyed) upstream.resetAndDestroy();
      },
    };
    connection.pipes.push(
      new Pipe(
        client,
        () => upstream,
        () => fault,
      ),
    );
    connections.add(connection);
    client.on('error', () => upstream?.destroy());
    client.on('close', () => {
      upstream?.destroy();
      for (const pipe of connection.pipes) pipe.stop();
      connections.delete(connection);
    });
    if (fault.mode !== 'stall') connection.connect();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  let closed = false;

  return {
    port,
    address: `127.0.0.1:${port}`,
    get fault() {
      return fault;
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return connections.size;
    },
    setFault(next) {
      if (next.mode === 'throttle' && !(next.bytesPerSecond >= 1)) {
        throw new Error(
          `throttle needs bytesPerSecond >= 1, got ${next.bytesPerSecond}`,
        );
      }
      fault = next;
      for (const connection of [...connections]) {
        if (fault.mode === 'reset') {
          connection.reset();
          continue;
        }
        if (fault.mode !== 'stall') connection.connect();
        for (const pipe of connection.pipes) pipe.flush();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const connection of connections) {
        for (const pipe of connection.pipes) pipe.stop();
        connection.client.destroy();
        connection.upstream?.destroy();
      }
      connections.clear();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
