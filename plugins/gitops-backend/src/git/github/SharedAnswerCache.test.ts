import type { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { SharedAnswerCache } from './SharedAnswerCache';

/** A store that answers nothing, like a Redis that is down or hung. */
function hungStore(calls: string[]): CacheService {
  const never = new Promise<never>(() => {});
  const store: CacheService = {
    get: async key => {
      calls.push(`get ${key}`);
      return never;
    },
    set: async key => {
      calls.push(`set ${key}`);
      return never;
    },
    delete: async () => never,
    withOptions: () => store,
  };
  return store;
}

function mapStore(values: Map<string, unknown>): CacheService {
  const store: CacheService = {
    get: async key => values.get(key) as any,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async key => {
      values.delete(key);
    },
    withOptions: () => store,
  };
  return store;
}

describe('SharedAnswerCache', () => {
  it('keys by bucket and request, hashed', () => {
    const a = SharedAnswerCache.keyOf('https://api.github.com abc', '/repos/x');
    expect(a).toMatch(/^github-answer:v1:[0-9a-f]{64}$/);
    expect(
      SharedAnswerCache.keyOf('https://api.github.com def', '/repos/x'),
    ).not.toBe(a);
    expect(
      SharedAnswerCache.keyOf('https://api.github.com abc', '/repos/x'),
    ).toBe(a);
  });

  it('keeps small answers and leaves large ones in process memory', async () => {
    const values = new Map<string, unknown>();
    const shared = new SharedAnswerCache({
      cache: mapStore(values),
      ttlMs: 1000,
      maxValueBytes: 200,
    });
    shared.set('small', {
      data: { sha: 'abc' },
      etag: 'W/"1"',
      validatedAt: 5,
    });
    shared.set('large', { data: 'x'.repeat(500), validatedAt: 5 });
    await new Promise(r => setImmediate(r));
    expect([...values.keys()]).toEqual(['small']);
    await expect(shared.get('small')).resolves.toEqual({
      data: { sha: 'abc' },
      etag: 'W/"1"',
      validatedAt: 5,
    });
    await expect(shared.get('large')).resolves.toBeUndefined();
  });

  it('treats a hung store as empty within its bound, then leaves it alone for a while', async () => {
    const calls: string[] = [];
    const warnings: string[] = [];
    const logger = mockServices.logger.mock({
      warn: (message: string) => {
        warnings.push(message);
      },
    });
    const shared = new SharedAnswerCache({
      cache: hungStore(calls),
      ttlMs: 1000,
      timeoutMs: 50,
      logger,
    });
    const started = Date.now();
    await expect(shared.get('k')).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    // Paused: no more calls to the store, and one warning only.
    await expect(shared.get('k')).resolves.toBeUndefined();
    shared.set('k', { data: 1, validatedAt: 1 });
    expect(calls).toEqual(['get k']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /shared cache failed a read \(no answer within 50 ms\)/,
    );
  });

  it('doubles the pause per failure in a row, up to five minutes', async () => {
    let now = 0;
    const warnings: string[] = [];
    const shared = new SharedAnswerCache({
      cache: hungStore([]),
      ttlMs: 1000,
      timeoutMs: 10,
      now: () => now,
      logger: mockServices.logger.mock({
        warn: (message: string) => {
          warnings.push(message);
        },
      }),
    });
    const pauses: number[] = [];
    for (let i = 0; i < 7; i++) {
      await shared.get('k');
      pauses.push(Number(/next (\d+) s/.exec(warnings[i])![1]));
      now += pauses[i] * 1000;
    }
    expect(pauses).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });

  it('ignores what is not an answer', async () => {
    const values = new Map<string, unknown>([['odd', 'text']]);
    const shared = new SharedAnswerCache({
      cache: mapStore(values),
      ttlMs: 1000,
    });
    await expect(shared.get('odd')).resolves.toBeUndefined();
  });
});
