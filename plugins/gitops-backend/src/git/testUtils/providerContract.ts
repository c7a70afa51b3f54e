/* eslint-disable jest/no-export -- a shared contract suite that each provider's test file runs */
import {
  GitProvider,
  GitRevisionNotFoundError,
} from '@gitops-console/plugin-gitops-node';
import { bob, carol, DeployHistory } from './deployHistory';

/**
 * What every GitProvider must answer for {@link createDeployHistory}, so the
 * providers are held to one specification and give the same answers.
 */
export function itReadsTheDeployHistory(
  context: () => {
    provider: GitProvider;
    repoUrl: string;
    history: DeployHistory;
  },
) {
  it('lists the commits that touch a path, newest first, with metadata', async () => {
    const { provider, repoUrl, history } = context();
    const list = await provider.listCommits({
      repoUrl,
      ref: 'main',
      path: 'apps/inventory',
      limit: 20,
    });
    expect(list.truncated).toBe(false);
    // The sibling apps/inventory-worker and the README commits do not count,
    // nor does the merge that took the path from its feature parent.
    expect(list.commits.map(c => c.sha)).toEqual([
      history.squashPr34,
      history.featureBump,
      history.initial,
    ]);
    expect(list.commits[0]).toMatchObject({
      sha: history.squashPr34,
      message: 'Bump inventory to 3 (#34)',
      author: bob,
      committedAt: '2024-01-06T10:00:00Z',
      parents: [history.mergePr12],
      pullRequest: 34,
    });
    expect(list.commits[1]).toMatchObject({
      author: carol,
      message: 'Bump inventory to 2\n\nThe new image fixes the cache.',
      parents: [history.workerBump],
    });
    expect(list.commits[1].pullRequest).toBeUndefined();
  });

  it('keeps the sibling path apart', async () => {
    const { provider, repoUrl, history } = context();
    const list = await provider.listCommits({
      repoUrl,
      ref: 'main',
      path: '/apps/inventory-worker/',
      limit: 20,
    });
    expect(list.commits.map(c => c.sha)).toEqual([
      history.workerBump,
      history.initial,
    ]);
  });

  it('caps the list at the limit and says it did', async () => {
    const { provider, repoUrl, history } = context();
    const list = await provider.listCommits({
      repoUrl,
      ref: 'main',
      path: 'apps/inventory',
      limit: 2,
    });
    expect(list.commits.map(c => c.sha)).toEqual([
      history.squashPr34,
      history.featureBump,
    ]);
    expect(list.truncated).toBe(true);
  });

  it('stops before `since` when it is an ancestor', async () => {
    const { provider, repoUrl, history } = context();
    const list = await provider.listCommits({
      repoUrl,
      ref: 'main',
      path: 'apps/inventory',
      since: history.initial,
      limit: 20,
    });
    expect(list).toEqual({
      commits: [
        expect.objectContaining({ sha: history.squashPr34 }),
        expect.objectContaining({ sha: history.featureBump }),
      ],
      truncated: false,
    });
  });

  it.each([
    ['the head', 'main'],
    ['after the head', 'v0.9'],
  ])('lists nothing when `since` is %s', async (_, ref) => {
    const { provider, repoUrl, history } = context();
    await expect(
      provider.listCommits({
        repoUrl,
        ref,
        since: history.squashPr34,
        limit: 20,
      }),
    ).resolves.toEqual({ commits: [], truncated: false });
  });

  it('lists the whole repository without a path, merges included', async () => {
    const { provider, repoUrl, history } = context();
    const list = await provider.listCommits({
      repoUrl,
      ref: 'main',
      since: history.docs,
      limit: 20,
    });
    expect(list.commits.map(c => c.sha)).toEqual([
      history.squashPr34,
      history.mergePr12,
      history.featureBump,
    ]);
    expect(list.commits[1]).toMatchObject({
      author: carol,
      parents: [history.docs, history.featureBump],
      pullRequest: 12,
    });
  });

  it.each([
    ['a branch', 'main', (h: DeployHistory) => h.squashPr34],
    ['a full branch ref', 'refs/heads/feature', h => h.featureBump],
    ['a lightweight tag', 'v1.0', h => h.squashPr34],
    ['an annotated tag', 'v0.9', h => h.workerBump],
    ['the default branch', 'HEAD', h => h.squashPr34],
    ['a full SHA', '<initial>', h => h.initial],
    ['a short SHA', '<docs:10>', h => h.docs],
  ])('resolves %s', async (_, ref, expected) => {
    const { provider, repoUrl, history } = context();
    const placeholders: Record<string, string> = {
      '<initial>': history.initial,
      '<docs:10>': history.docs.slice(0, 10),
    };
    const name = placeholders[ref] ?? ref;
    await expect(
      provider.resolveRevision({ repoUrl, ref: name }),
    ).resolves.toBe(expected(history));
  });

  it.each(['no-such-branch', 'deadbeef', 'main~1', '--all'])(
    'throws GitRevisionNotFoundError for %j',
    async ref => {
      const { provider, repoUrl } = context();
      await expect(
        provider.resolveRevision({ repoUrl, ref }),
      ).rejects.toBeInstanceOf(GitRevisionNotFoundError);
    },
  );

  it('reads one commit', async () => {
    const { provider, repoUrl, history } = context();
    await expect(
      provider.getCommit({ repoUrl, sha: history.mergePr12 }),
    ).resolves.toMatchObject({
      sha: history.mergePr12,
      pullRequest: 12,
      author: carol,
      committedAt: '2024-01-05T10:00:00Z',
    });
    await expect(
      provider.getCommit({ repoUrl, sha: 'f'.repeat(40) }),
    ).rejects.toBeInstanceOf(GitRevisionNotFoundError);
  });

  it('knows ancestry', async () => {
    const { provider, repoUrl, history } = context();
    const isAncestor = (ancestor: string, descendant: string) =>
      provider.isAncestor({ repoUrl, ancestor, descendant });
    await expect(
      isAncestor(history.featureBump, history.squashPr34),
    ).resolves.toBe(true);
    await expect(isAncestor(history.docs, history.docs)).resolves.toBe(true);
    await expect(isAncestor(history.squashPr34, history.docs)).resolves.toBe(
      false,
    );
    await expect(isAncestor(history.docs, history.featureBump)).resolves.toBe(
      false,
    );
    await expect(
      isAncestor('f'.repeat(40), history.docs),
    ).rejects.toBeInstanceOf(GitRevisionNotFoundError);
  });
}
