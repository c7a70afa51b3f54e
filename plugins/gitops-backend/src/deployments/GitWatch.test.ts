import { GitWatch } from './GitWatch';
import { NO_GIT_FACTS } from './gitFacts';

describe('GitWatch', () => {
  const repo = 'https://git.example.com/acme/deploy.git';
  const key = 'https://git.example.com/acme/deploy';

  it('joins the watched files of settled sources of one repository', () => {
    const watch = new GitWatch();
    watch.facts(repo, { ...NO_GIT_FACTS, watchPaths: ['apps/web'] });
    watch.facts(`${key}/`, { ...NO_GIT_FACTS, watchPaths: ['bases/web'] });
    expect(watch.repositories.get(key)).toEqual(['apps/web', 'bases/web']);
  });

  it('watches the whole repository once anything read there may move with any commit', () => {
    const watch = new GitWatch();
    watch.facts(repo, { ...NO_GIT_FACTS, watchPaths: ['apps/web'] });
    watch.facts(repo, NO_GIT_FACTS);
    watch.facts(repo, { ...NO_GIT_FACTS, watchPaths: ['apps/api'] });
    expect(watch.repositories.get(key)).toBe('any');

    const other = new GitWatch();
    other.anyChange(repo);
    expect(other.repositories.get(key)).toBe('any');
  });

  it('ignores a URL no provider reads', () => {
    const watch = new GitWatch();
    watch.anyChange('not a url');
    expect(watch.repositories.size).toBe(0);
  });
});

describe('GitWatch and the repository root', () => {
  it('watches every commit for a source rendered from the root (even one changing no file)', () => {
    const watch = new GitWatch();
    watch.facts('https://git.example.com/acme/deploy.git', {
      ...NO_GIT_FACTS,
      watchPaths: [''],
    });
    expect(watch.repositories.get('https://git.example.com/acme/deploy')).toBe(
      'any',
    );
  });
});
