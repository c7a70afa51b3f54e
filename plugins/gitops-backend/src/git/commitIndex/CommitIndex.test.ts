import {
  GitRevisionNotFoundError,
  type GitProvider,
} from '@gitops-console/plugin-gitops-node';
import { CommitIndex } from './CommitIndex';
import { SyntheticGraph } from './__testUtils__/syntheticGraph';

/**
 * The index's own logic (line updates, change events, deepening, pruning)
 * over a scripted graph; the real providers that feed it are tested in
 * GitService.test.ts against real Git and the GitHub facade.
 */
function scriptedProvider(g: SyntheticGraph, heads: Record<string, string>) {
  const calls = {
    resolve: 0,
    list: 0,
    args: [] as Array<{ tip: string; exclude: string[]; limit: number }>,
  };
  const provider: GitProvider = {
    id: 'scripted',
    supports: () => true,
    resolveRevision: async ({ ref }) => {
      calls.resolve += 1;
      return heads[ref];
    },
    getCommit: async () => {
      throw new Error('not used');
    },
    listCommits: async () => ({ commits: [], truncated: false }),
    isAncestor: async () => false,
    refresh: async () => {},
    getStaleness: () => undefined,
    listCommitChanges: async ({ tip, exclude, limit }) => {
      calls.list += 1;
      calls.args.push({ tip, exclude, limit });
      if (!g.graph.has(tip)) throw new GitRevisionNotFoundError('x', tip);
      const excluded = new Set<string>();
      const stack = [...exclude];
      while (stack.length) {
        const sha = stack.pop()!;
        if (excluded.has(sha)) continue;
        excluded.add(sha);
        stack.push(...(g.graph.get(sha)?.parents ?? []));
      }
      const out = [];
      const queue = [tip];
      const seen = new Set<string>();
      while (queue.length && out.length < limit) {
        const sha = queue.shift()!;
        if (seen.has(sha) || excluded.has(sha)) continue;
        seen.add(sha);
        const commit = g.graph.get(sha)!;
        out.push(commit);
        queue.push(...commit.parents);
      }
      return out;
    },
  };
  return { provider, calls };
}

describe('CommitIndex', () => {
  const url = 'https://git.example.com/acme/deploy';

  it('reads an old commit alone for a history title, not the range from the tip', async () => {
    const g = new SyntheticGraph();
    const shas = g.line([['a'], ['b'], ['c'], ['d'], ['e']]);
    const { provider, calls } = scriptedProvider(g, { main: shas[4] });
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 2,
      fetchIntervalMs: 0,
    });
    expect((await index.line(url, 'main')).positionOf(shas[0])).toBeUndefined();
    calls.args.length = 0;
    await expect(
      index.ensureCommit(url, 'main', shas[0], { deepen: false }),
    ).resolves.toBe(true);
    // One commit asked for by itself: on GitHub a range from the tip back
    // to an ancestor is an empty compare, one request per history entry.
    expect(calls.args).toEqual([{ tip: shas[0], exclude: [], limit: 1 }]);
    expect(index.find(url, shas[0])?.sha).toBe(shas[0]);
  });

  it('reads only new commits when a line moves, and tells listeners', async () => {
    const g = new SyntheticGraph();
    const shas = g.line([['a'], ['b'], ['c']]);
    const heads = { main: shas[2] };
    const { provider, calls } = scriptedProvider(g, heads);
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 100,
      fetchIntervalMs: 0,
    });
    const changed: string[] = [];
    index.onChange(key => changed.push(key));
    expect((await index.line(url, 'main')).length).toBe(3);
    const [next] = g.line([['d']], shas[2]);
    heads.main = next;
    const line = await index.line(url, 'main', { force: true });
    expect(line.tip).toBe(next);
    expect(line.length).toBe(4);
    expect(changed).toEqual(['https://git.example.com/acme/deploy']);
    expect(calls.list).toBe(2);
  });

  it('tells listeners which files the new commits changed, and nothing on a force-push', async () => {
    const g = new SyntheticGraph();
    const shas = g.line([['apps/a/k.yaml'], ['apps/b/k.yaml']]);
    const heads = { main: shas[1] };
    const { provider } = scriptedProvider(g, heads);
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 100,
      fetchIntervalMs: 0,
    });
    const changes: Array<{ key: string; paths?: string[] }> = [];
    index.onChange((key, change) =>
      changes.push({ key, paths: change?.paths && [...change.paths].sort() }),
    );
    await index.line(url, 'main');
    expect(changes).toEqual([]);
    heads.main = g.line(
      [['apps/c/d.yaml'], ['apps/a/k.yaml', 'lib/x']],
      shas[1],
    )[1];
    await index.line(url, 'main', { force: true });
    expect(changes).toEqual([
      { key: url, paths: ['apps/a/k.yaml', 'apps/c/d.yaml', 'lib/x'] },
    ]);
    // A tip the old one is not an ancestor of: any file may have changed.
    heads.main = g.line([['apps/z/k.yaml']], shas[0])[0];
    await index.line(url, 'main', { force: true });
    expect(changes[1]).toEqual({ key: url, paths: undefined });
  });

  it('deepens for an old deployed SHA, and forgets a missing one until the line moves', async () => {
    const g = new SyntheticGraph();
    const shas = g.line(Array.from({ length: 30 }, (_, i) => [`f${i}`]));
    const { provider, calls } = scriptedProvider(g, { main: shas[29] });
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 10,
      fetchIntervalMs: 60_000,
    });
    expect((await index.line(url, 'main')).length).toBe(10);
    await expect(index.ensureCommit(url, 'main', shas[5])).resolves.toBe(true);
    expect(index.peek(url, 'main')!.positionOf(shas[5])).toBe(5);
    const missing = 'f'.repeat(40);
    await expect(index.ensureCommit(url, 'main', missing)).resolves.toBe(false);
    const asked = calls.list;
    await expect(index.ensureCommit(url, 'main', missing)).resolves.toBe(false);
    expect(calls.list).toBe(asked);
  });

  it('keeps a deployed commit that new commits pushed out of the window on the line', async () => {
    const g = new SyntheticGraph();
    const shas = g.line([['a'], ['b'], ['c'], ['d'], ['e']]);
    const heads = { main: shas[4] };
    const { provider, calls } = scriptedProvider(g, heads);
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 3,
      fetchIntervalMs: 0,
    });
    await expect(index.ensureCommit(url, 'main', shas[2])).resolves.toBe(true);
    expect(index.peek(url, 'main')!.positionOf(shas[2])).toBe(0);
    heads.main = g.line([['f']], shas[4])[0];
    const moved = await index.line(url, 'main', { force: true });
    expect(moved.positionOf(shas[2])).toBeUndefined();
    const asked = calls.list;
    // Still in the graph: the line is lengthened from it, no read.
    await expect(index.ensureCommit(url, 'main', shas[2])).resolves.toBe(true);
    expect(index.peek(url, 'main')!.positionOf(shas[2])).toBe(0);
    expect(index.peek(url, 'main')!.length).toBe(4);
    expect(calls.list).toBe(asked);
    // A history title (deepen: false) leaves the line as it is.
    heads.main = g.line([['g']], heads.main)[0];
    await index.line(url, 'main', { force: true });
    await index.ensureCommit(url, 'main', shas[2], { deepen: false });
    expect(index.peek(url, 'main')!.positionOf(shas[2])).toBeUndefined();
  });

  it('shares a round of deepening between builds that need older commits at once', async () => {
    const g = new SyntheticGraph();
    const shas = g.line(Array.from({ length: 30 }, (_, i) => [`f${i}`]));
    const { provider, calls } = scriptedProvider(g, { main: shas[29] });
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 10,
      fetchIntervalMs: 60_000,
    });
    await index.line(url, 'main');
    expect(calls.list).toBe(1);
    const found = await Promise.all([
      index.ensureCommit(url, 'main', shas[5]),
      index.ensureCommit(url, 'main', shas[3]),
      index.ensureCommit(url, 'main', shas[15]),
    ]);
    expect(found).toEqual([true, true, true]);
    // Two rounds reach shas[3] and shas[5], the first of them shas[15]:
    // read once each, not once per caller.
    expect(calls.list).toBe(3);
    const line = index.peek(url, 'main')!;
    expect(line.positionOf(shas[3])).toBe(3);
    expect(line.length).toBe(30);
  });

  it('prunes commits no line holds any more', async () => {
    const g = new SyntheticGraph();
    let tip = g.line([['x']])[0];
    const heads = { main: tip };
    const { provider } = scriptedProvider(g, heads);
    const index = new CommitIndex({
      providerFor: () => provider,
      historyDepth: 5,
      fetchIntervalMs: 0,
    });
    await index.line(url, 'main');
    for (let i = 0; i < 40; i++) {
      tip = g.line([[`y${i}`]], tip)[0];
      heads.main = tip;
      await index.line(url, 'main', { force: true });
    }
    expect(index.peek(url, 'main')!.length).toBe(5);
    expect(index.size().commits).toBeLessThanOrEqual(2 * 5 + 5 + 1);
  });
});
