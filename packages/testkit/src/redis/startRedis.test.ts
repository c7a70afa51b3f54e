import fs from 'node:fs';
import net from 'node:net';
import { RedisServer, startRedis } from './startRedis';

jest.setTimeout(60_000);

function refused(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('startRedis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('answers on its loopback port and keeps what is set', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    await expect(redis.command('SET', 'gitops:probe', 'a value')).resolves.toBe(
      'OK',
    );
    await expect(redis.command('GET', 'gitops:probe')).resolves.toBe('a value');
    await expect(redis.command('GET', 'gitops:absent')).resolves.toBeNull();
  });

  it('runs in its own folder without persistence', async () => {
    await expect(redis.command('CONFIG', 'GET', 'appendonly')).resolves.toEqual(
      ['appendonly', 'no'],
    );
    await expect(redis.command('CONFIG', 'GET', 'save')).resolves.toEqual([
      'save',
      '',
    ]);
    await expect(redis.command('CONFIG', 'GET', 'dir')).resolves.toEqual([
      'dir',
      fs.realpathSync(redis.dir),
    ]);
  });

  it('reports a Redis error as one', async () => {
    await expect(redis.command('NOSUCHCOMMAND')).rejects.toThrow(
      /^Redis error: ERR unknown command/,
    );
  });

  it('is gone, folder included, after stop', async () => {
    const second = await startRedis();
    expect(second.port).not.toBe(redis.port);
    expect(fs.existsSync(second.dir)).toBe(true);
    await second.stop();
    expect(await refused(second.port)).toBe(true);
    expect(fs.existsSync(second.dir)).toBe(false);
  });
});
