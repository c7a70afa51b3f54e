import { CommitLine } from './CommitLine';
import { lineFacts } from './lineFacts';
import { SyntheticGraph } from './__testUtils__/syntheticGraph';

describe('CommitLine and lineFacts', () => {
  const g = new SyntheticGraph();
  const [root, a, sibling, base] = g.line([
    ['apps/checkout/overlays/prod/kustomization.yaml'],
    ['apps/checkout/overlays/prod/deploy.yaml'],
    ['apps/checkout-worker/deploy.yaml'],
    ['apps/checkout/base/deploy.yaml'],
  ]);
  // A feature branch with two commits, merged into the line.
  const [f1, f2] = g.line(
    [['apps/checkout/overlays/prod/deploy.yaml'], ['docs/readme.md']],
    base,
  );
  const other = g.commit(['apps/search/deploy.yaml'], [base]);
  const merge = g.commit(
    ['apps/checkout/overlays/prod/deploy.yaml', 'docs/readme.md'],
    [other, f2],
    'Merge pull request #9 from acme/feature',
  );
  const line = new CommitLine(merge, g.graph, 1000);
  const path = 'apps/checkout/overlays/prod';
  const inputs = [path, 'apps/checkout/base'];

  it('follows first parents only, and lists what a merge brought in', () => {
    expect(line.commits.map(c => c.sha)).toEqual([
      root,
      a,
      sibling,
      base,
      other,
      merge,
    ]);
    expect(line.complete).toBe(true);
    expect(line.mergedCommits(merge).map(c => c.sha)).toEqual([f2, f1]);
    expect(line.positionOf(f1)).toBeUndefined();
  });

  it('counts a file under an input, never a sibling sharing a prefix', () => {
    expect(line.lastTouching(['apps/checkout'], 2)).toBe(1);
    expect(line.lastTouching(['apps/checkout-worker'])).toBe(2);
    expect(line.lastTouching(['apps/nope'])).toBe(-1);
    expect(line.lastTouching(['apps/checkout/base/deploy.yaml'])).toBe(3);
  });

  it('answers pending, desired and last change on the render inputs', () => {
    const facts = lineFacts(line, g.graph, {
      inputs,
      path,
      deployedSha: a,
      limit: 20,
    });
    expect(facts.desired?.sha).toBe(merge);
    // The base change is pending; the sibling and the search change are not.
    expect(facts.pending.map(c => c.sha)).toEqual([merge, base]);
    expect(facts.lastChange?.sha).toBe(a);
    expect(facts.deployedOnLine).toBe(true);
  });

  it('names the last change at a deployed revision whose own commit is about another app', () => {
    const facts = lineFacts(line, g.graph, {
      inputs,
      path,
      deployedSha: other,
      limit: 20,
    });
    expect(facts.lastChange?.sha).toBe(base);
    expect(facts.pending.map(c => c.sha)).toEqual([merge]);
  });

  it('caps pending and says so', () => {
    const facts = lineFacts(line, g.graph, { inputs, path, limit: 1 });
    expect(facts.pending.map(c => c.sha)).toEqual([merge]);
    expect(facts.pendingTruncated).toBe(true);
  });

  it('says Git changed outside the path only for commits touching inputs outside it', () => {
    const viaBase = lineFacts(line, g.graph, {
      inputs,
      path,
      deployedSha: sibling,
      comparedSha: base,
      limit: 20,
    });
    expect(viaBase.changedOutsidePath).toBe(true);
    const viaSibling = lineFacts(line, g.graph, {
      inputs,
      path,
      deployedSha: a,
      comparedSha: sibling,
      limit: 20,
    });
    expect(viaSibling.changedOutsidePath).toBe(false);
  });

  it('places an off-line deployed commit by where it forks', () => {
    const facts = lineFacts(line, g.graph, {
      inputs,
      path,
      deployedSha: f1,
      limit: 20,
    });
    expect(facts.deployedOnLine).toBe(false);
    expect(facts.lastChange?.sha).toBe(f1);
    expect(facts.pending.map(c => c.sha)).toEqual([merge]);
  });

  it('stops at the index depth and reports where', () => {
    const short = new CommitLine(merge, g.graph, 2);
    expect(short.commits.map(c => c.sha)).toEqual([other, merge]);
    expect(short.complete).toBe(false);
    expect(short.boundary).toBe(base);
  });
});
