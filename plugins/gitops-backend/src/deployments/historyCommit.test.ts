import type { CommitSummary } from '@gitops-console/plugin-gitops-common';
import { historyCommit, type BuildContext } from './buildContext';
import { NO_GIT_FACTS } from './gitFacts';
import { GitWatch } from './GitWatch';

describe('historyCommit', () => {
  const repoUrl = 'https://git.example.com/acme/deploy.git';
  const key = 'https://git.example.com/acme/deploy';
  const commit = { sha: 'a'.repeat(40) } as CommitSummary;

  function run(found: CommitSummary | undefined, onLine: boolean) {
    const watch = new GitWatch();
    watch.facts(repoUrl, { ...NO_GIT_FACTS, watchPaths: ['apps/web'] });
    const ctx = { watch } as unknown as BuildContext;
    const facts = {
      ...NO_GIT_FACTS,
      commitAt: async () => found,
      onTrackedLine: () => onLine,
    };
    return historyCommit(ctx, repoUrl, facts, commit.sha).then(result => ({
      result,
      watched: watch.repositories.get(key),
    }));
  }

  it('keeps the watched paths for an entry on the tracked line', async () => {
    await expect(run(commit, true)).resolves.toEqual({
      result: commit,
      watched: ['apps/web'],
    });
  });

  it('watches any change for an entry off the line or not found yet', async () => {
    await expect(run(commit, false)).resolves.toEqual({
      result: commit,
      watched: 'any',
    });
    await expect(run(undefined, true)).resolves.toEqual({
      result: undefined,
      watched: 'any',
    });
  });
});
