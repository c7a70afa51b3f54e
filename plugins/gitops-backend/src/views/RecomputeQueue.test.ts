import { mockServices } from '@backstage/backend-test-utils';
import { RecomputeQueue } from './RecomputeQueue';

describe('RecomputeQueue', () => {
  function queue() {
    const log: string[] = [];
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 2,
      relocate: ref => log.push(`relocate ${ref}`),
      build: async key => {
        log.push(`build ${key}`);
        if (key === 'needs-e') q.assemble('e');
      },
      assemble: ref => log.push(`assemble ${ref}`),
    });
    return { q, log };
  }

  it('records marks until opened, then runs each mark once, in order', async () => {
    const { q, log } = queue();
    q.build('d1');
    q.build('d1');
    q.build('d2');
    q.assemble('e');
    q.relocate('e');
    await new Promise(r => setImmediate(r));
    expect(log).toEqual([]);
    q.open();
    await q.idle();
    expect([...log].sort()).toEqual([
      'assemble e',
      'build d1',
      'build d2',
      'relocate e',
    ]);
    expect(log.indexOf('relocate e')).toBeLessThan(log.indexOf('assemble e'));
    expect(q.size).toBe(0);
  });

  it('assembles answers while a slow build still runs', async () => {
    let release = () => {};
    const log: string[] = [];
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 2,
      relocate: () => {},
      build: async key => {
        if (key === 'slow') await new Promise<void>(r => (release = r));
        log.push(`build ${key}`);
        q.assemble(`answer of ${key}`);
      },
      assemble: ref => log.push(`assemble ${ref}`),
    });
    q.open();
    q.build('slow');
    q.build('fast');
    const idle = q.idle();
    for (let i = 0; i < 50 && !log.includes('assemble answer of fast'); i++) {
      await new Promise(r => setImmediate(r));
    }
    expect(log).toEqual(['build fast', 'assemble answer of fast']);
    release();
    await idle;
    expect(log.slice(2)).toEqual(['build slow', 'assemble answer of slow']);
  });

  it('runs marks made by a step in the same drain', async () => {
    const { q, log } = queue();
    q.open();
    q.build('needs-e');
    await q.idle();
    expect(log).toEqual(['build needs-e', 'assemble e']);
  });

  it('keeps going when a step throws', async () => {
    const logger = mockServices.logger.mock();
    const built: string[] = [];
    const q = new RecomputeQueue({
      logger,
      concurrency: 4,
      relocate: () => {
        throw new Error('bad entity');
      },
      build: async key => {
        if (key === 'bad') throw new Error('bad build');
        built.push(key);
      },
      assemble: () => {},
    });
    q.open();
    q.relocate('x');
    q.build('bad');
    q.build('good');
    await q.idle();
    expect(built).toEqual(['good']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('bad build'),
    );
  });
  it('runs at most laneConcurrency builds of one lane while others wait, so a slow repository leaves workers to the others', async () => {
    const releases: Array<() => void> = [];
    const done: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 4,
      laneConcurrency: 1,
      laneOf: key => key.split('-')[0],
      relocate: () => {},
      build: async key => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        if (key.startsWith('slow')) {
          await new Promise<void>(r => releases.push(r));
        } else {
          await new Promise(r => setImmediate(r));
        }
        running -= 1;
        done.push(key);
      },
      assemble: () => {},
    });
    const slow = ['slow-1', 'slow-2', 'slow-3', 'slow-4', 'slow-5'];
    for (const key of [...slow, 'fast-1', 'fast-2', 'fast-3']) q.build(key);
    q.open();
    const idle = q.idle();
    for (let i = 0; i < 100 && done.length < 3; i++) {
      await new Promise(r => setImmediate(r));
    }
    // Every fast build ran although five slow ones were marked first and
    // none of them finished.
    expect(done).toEqual(['fast-1', 'fast-2', 'fast-3']);
    // Beyond its share, the slow lane may use every worker but one.
    for (let i = 0; i < 100 && releases.length < 3; i++) {
      await new Promise(r => setImmediate(r));
    }
    expect(running).toBe(3);
    while (done.length < 8) {
      releases.splice(0).forEach(release => release());
      await new Promise(r => setImmediate(r));
    }
    await idle;
    expect(mostRunning).toBeLessThanOrEqual(4);
    expect([...done].sort()).toEqual(
      ['fast-1', 'fast-2', 'fast-3', ...slow].sort(),
    );
    expect(q.size).toBe(0);
  });

  it('lets a build that waits long go on without its worker, and never builds one key twice at once', async () => {
    let release = () => {};
    const done: string[] = [];
    const running = new Map<string, number>();
    let overlapped = false;
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 1,
      detachAfterMs: 20,
      relocate: () => {},
      build: async key => {
        running.set(key, (running.get(key) ?? 0) + 1);
        if (running.get(key)! > 1) overlapped = true;
        if (key === 'slow' && !done.includes('slow')) {
          await new Promise<void>(r => (release = r));
        }
        running.set(key, running.get(key)! - 1);
        done.push(key);
      },
      assemble: () => {},
    });
    q.open();
    q.build('slow');
    q.build('fast-1');
    q.build('fast-2');
    const idle = q.idle();
    const deadline = Date.now() + 5000;
    while (done.length < 2 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 5));
    }
    // One worker, yet both fast builds ran while the slow one waited.
    expect(done).toEqual(['fast-1', 'fast-2']);
    q.build('slow'); // marked again while its first build still runs
    await new Promise(r => setTimeout(r, 50));
    expect(done).toEqual(['fast-1', 'fast-2']);
    let settled = false;
    void idle.then(() => (settled = true));
    await new Promise(r => setImmediate(r));
    expect(settled).toBe(false);
    release();
    await idle;
    expect(done).toEqual(['fast-1', 'fast-2', 'slow', 'slow']);
    expect(overlapped).toBe(false);
  });

  it('builds urgent marks before the others, once each', async () => {
    const built: string[] = [];
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 1,
      relocate: () => {},
      build: async key => {
        built.push(key);
      },
      assemble: () => {},
    });
    for (const key of ['d1', 'd2', 'd3', 'd4']) q.build(key);
    q.build('d3', { urgent: true });
    q.build('d3');
    expect(q.size).toBe(4);
    q.open();
    await q.idle();
    expect(built).toEqual(['d3', 'd1', 'd2', 'd4']);
  });

  it('lets the event loop run between builds whose reads are all in memory', async () => {
    let built = 0;
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 2,
      relocate: () => {},
      // Resolves in microtasks, as a build with every Git read cached does.
      build: async () => {
        built += 1;
      },
      assemble: () => {},
    });
    for (let i = 0; i < 1000; i++) q.build(`d${i}`);
    q.open();
    // A request's callback, queued once the builds are under way.
    const builtWhenRequestRan = await new Promise<number>(resolve =>
      setImmediate(() => setImmediate(() => resolve(built))),
    );
    await q.idle();
    expect(built).toBe(1000);
    expect(builtWhenRequestRan).toBeGreaterThan(0);
    expect(builtWhenRequestRan).toBeLessThan(100);
  });

  it('yields between slow steps before a slice of 200 is done', async () => {
    let relocated = 0;
    const q = new RecomputeQueue({
      logger: mockServices.logger.mock(),
      concurrency: 1,
      relocate: () => {
        // A relocation that marks many builds: a few milliseconds.
        const until = performance.now() + 5;
        while (performance.now() < until);
        relocated += 1;
      },
      build: async () => {},
      assemble: () => {},
    });
    for (let i = 0; i < 50; i++) q.relocate(`e${i}`);
    q.open();
    let relocatedWhenRequestRan = -1;
    const request = () => {
      if (relocated > 0) relocatedWhenRequestRan = relocated;
      else setImmediate(request);
    };
    setImmediate(request);
    await q.idle();
    expect(relocated).toBe(50);
    expect(relocatedWhenRequestRan).toBeGreaterThan(0);
    expect(relocatedWhenRequestRan).toBeLessThan(50);
  });
});
