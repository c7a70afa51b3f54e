import type {
  CommitSummary,
  Deployment,
} from '@gitops-console/plugin-gitops-common';
import { CommitSummaryInterner } from './CommitSummaryInterner';

const commit = (sha: string, extra: Partial<CommitSummary> = {}) => ({
  sha,
  message: `change ${sha}`,
  author: { name: 'Alice' },
  committedAt: '2026-12-01T10:00:00Z',
  ...extra,
});

function deployment(name: string): Deployment {
  const pending = [commit('c3'), commit('c2')];
  const source = {
    type: 'git' as const,
    repoURL: 'https://git.example.com/apps.git',
    lastChange: commit('c1'),
    pendingCommits: pending,
    pendingTruncated: false,
  };
  return {
    id: `prod/argocd/Application/${name}`,
    cluster: 'prod',
    namespace: 'argocd',
    name,
    kind: 'argocd-application',
    source,
    sources: [source],
    deployedCommit: commit('c1'),
    lastChange: commit('c1'),
    syncStatus: 'OutOfSync',
    health: 'Healthy',
    suspended: false,
    drift: { state: 'behind', reasons: [], resources: [] },
    pendingCommits: pending,
    pendingTruncated: false,
    history: [{ revision: 'c1', commit: commit('c1') }],
    links: {},
  } as Deployment;
}

describe('CommitSummaryInterner', () => {
  it('makes views share one object per distinct summary, and changes no answer', () => {
    const interner = new CommitSummaryInterner();
    const a = deployment('a');
    const b = deployment('b');
    const before = JSON.stringify([a, b]);
    interner.internDeployment(a);
    interner.internDeployment(b);
    expect(JSON.stringify([a, b])).toBe(before);
    expect(b.deployedCommit).toBe(a.deployedCommit);
    expect(b.lastChange).toBe(a.deployedCommit);
    expect(b.history[0].commit).toBe(a.deployedCommit);
    expect(b.sources[0].lastChange).toBe(a.deployedCommit);
    expect(b.pendingCommits[0]).toBe(a.pendingCommits[0]);
    // The deployment's list and its source's stay one array.
    expect(b.pendingCommits).toBe(b.sources[0].pendingCommits);
    expect(interner.size).toBe(3);
  });

  it('keeps summaries apart that differ in anything shown', () => {
    const interner = new CommitSummaryInterner();
    const plain = interner.intern(commit('c1'));
    const passing = interner.intern(
      commit('c1', { ci: { state: 'success', checks: [] } as never }),
    );
    const linked = interner.intern(
      commit('c1', { url: 'https://git.example.com/c1' }),
    );
    expect(passing).not.toBe(plain);
    expect(linked).not.toBe(plain);
    expect(interner.intern(commit('c1'))).toBe(plain);
  });
});
