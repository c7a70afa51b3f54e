import fs from 'node:fs';
import net from 'node:net';
import { freePort } from '../process/freePort';
import { ManagedProcess } from '../process/managedProcess';
import { makeTempDir } from '../process/tempDir';
import { waitFor } from '../process/waitFor';

/** Debian's redis-server package puts the server here. */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A throwaway Redis server on loopback, without persistence. */
export interface RedisServer {
  /** redis://127.0.0.1:<port> (no password), as `backend.cache.connection` takes it. */
  url: string;
  port: number;
  /** The server's own temporary folder (removed by stop). */
  dir: string;
  /** Sends one command and answers its decoded reply. */
  command(...args: string[]): Promise<RedisReply>;
  stop(): Promise<void>;
}

/** The redis-server binary, or a clear error saying how to install it. */
export function findRedis(): string {
  if (!fs.existsSync(REDIS_SERVER)) {
    throw new Error(
      `Redis is not installed (no ${REDIS_SERVER}); install it with: apt-get install -y redis-server`,
    );
  }
  return REDIS_SERVER;
}

/** A decoded Redis reply: simple and bulk strings, integers, nil, arrays. */
export type RedisReply = string | number | null | RedisReply[];

/** Decodes one RESP reply from the start of `text`; undefined when incomplete. */
function parseReply(
  text: string,
  at = 0,
): { value: RedisReply; next: number } | undefined {
  const end = text.indexOf('\r\n', at);
  if (end < 0) return undefined;
  const kind = text[at];
  const line = text.slice(at + 1, end);
  const next = end + 2;
  switch (kind) {
    case '+':
      return { value: line, next };
    case '-':
      throw new Error(`Redis error: ${line}`);
    case ':':
      return { value: Number(line), next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next };
      // Lengths are bytes; test values are ASCII, so characters match.
      if (text.length < next + length + 2) return undefined;
      return {
        value: text.slice(next, next + length),
        next: next + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: RedisReply[] = [];
      let cursor = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(text, cursor);
        if (!item) return undefined;
        items.push(item.value);
        cursor = item.next;
      }
      return { value: items, next: cursor };
    }
    default:
      throw new Error(`unexpected Redis reply: ${text.slice(at, end)}`);
  }
}

/**
 * Sends one command over a fresh connection and resolves with its decoded
 * reply. Enough for probes and tests; the code under test talks to Redis
 * through its own client.
 */
export function redisCommand(
  port: number,
  args: string[],
  timeoutMs = 2000,
): Promise<RedisReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let settled = false;
    const done = (error?: Error, value?: RedisReply) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(value!);
    };
    socket.setTimeout(timeoutMs, () =>
      done(new Error(`no Redis reply within ${timeoutMs} ms`)),
    );
    socket.on('error', error => done(error));
    socket.on('close', () => done(new Error('Redis closed the connection')));
    socket.on('data', chunk => {
      reply += chunk.toString('utf8');
      try {
        const parsed = parseReply(reply);
        if (parsed) done(undefined, parsed.value);
      } catch (error) {
        done(error as Error);
      }
    });
    // RESP array form, so arguments may hold spaces or be empty.
    const parts = args.map(a => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
    socket.write(`*${args.length}\r\n${parts.join('')}`);
  });
}

/**
 * redis-server on a free loopback port (or `port`), in its own temporary
 * folder, with persistence off (`--save '' --appendonly no`). Resolves once
 * it answers PING (bounded); stop() ends it and removes the folder.
 */
export async function startRedis(
  options: { port?: number; timeoutMs?: number } = {},
): Promise<RedisServer> {
  const binary = findRedis();
  const root = makeTempDir('gitops-testkit-redis');
  const port = options.port ?? (await freePort());
  const server = ManagedProcess.start({
    name: 'redis-server',
    command: binary,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      root.path,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    cwd: root.path,
    orphanDir: root.path,
  });
  try {
    await waitFor(
      `redis-server on port ${port}`,
      async () => (await redisCommand(port, ['PING'], 1000)) === 'PONG',
      {
        timeoutMs: options.timeoutMs ?? 20_000,
        intervalMs: 100,
        failure: () => (server.running ? undefined : server.exitError()),
      },
    );
  } catch (error) {
    await server.stop();
    root.remove();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir: root.path,
    command: (...args) => redisCommand(port, args),
    async stop() {
      await server.stop();
      root.remove();
    },
  };
}
