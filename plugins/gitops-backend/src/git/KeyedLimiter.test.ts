import { InFlight, KeyedLimiter } from './KeyedLimiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedLimiter', () => {
  it('bounds concurrency per key, not across keys', async () => {
    const limiter = new KeyedLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: string[] = [];
    const run = (key: string, i: number) =>
      limiter.run(key, async () => {
        started.push(`${key}${i}`);
        await gates[i].promise;
      });

    const all = [run('a', 0), run('a', 1), run('a', 2), run('b', 0)];
    await new Promise(r => setImmediate(r));
    expect(started).toEqual(['a0', 'a1', 'b0']);
    expect(limiter.pending('a')).toBe(3);

    gates[0].resolve();
    await new Promise(r => setImmediate(r));
    expect(started).toEqual(['a0', 'a1', 'b0', 'a2']);

    gates[1].resolve();
    gates[2].resolve();
    await Promise.all(all);
    expect(limiter.pending('a')).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(
      limiter.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('InFlight', () => {
  it('shares one promise among concurrent identical calls', async () => {
    const inFlight = new InFlight<number>();
    let calls = 0;
    const gate = deferred();
    const task = async () => {
      calls += 1;
      await gate.promise;
      return calls;
    };
    const both = Promise.all([
      inFlight.run('k', task),
      inFlight.run('k', task),
    ]);
    gate.resolve();
    expect(await both).toEqual([1, 1]);
    expect(await inFlight.run('k', async () => 7)).toBe(7);
  });
});
