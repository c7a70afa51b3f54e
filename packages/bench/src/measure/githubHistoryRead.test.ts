import { githubHistoryRead } from './githubHistoryRead';

describe('githubHistoryRead', () => {
  const commit = (at: number) => ({
    method: 'GET',
    template: '/repos/{owner}/{repo}/commits/{ref}',
    at,
  });

  it('spans the single-commit reads only, from the backend spawn', () => {
    const read = githubHistoryRead(
      [
        { method: 'GET', template: '/repos/{owner}/{repo}/commits', at: 1_000 },
        commit(3_000),
        commit(5_000),
        {
          method: 'GET',
          template: '/repos/{owner}/{repo}/commits/{ref}/status',
          at: 9_000,
        },
        commit(7_000),
      ],
      1_000,
    );
    expect(read).toEqual({
      commit_reads: 3,
      first_s: 2,
      last_s: 6,
      per_s: 0.8,
      github_com_floor_s: 0.2,
    });
  });

  it("gives github.com's floor: 1,800 reads need two minutes at 900 a minute", () => {
    const served = Array.from({ length: 1_800 }, (_, i) => commit(i));
    expect(githubHistoryRead(served, 0).github_com_floor_s).toBe(120);
  });

  it('says nothing of a span when nothing was read', () => {
    expect(githubHistoryRead([], 0)).toEqual({
      commit_reads: 0,
      first_s: null,
      last_s: null,
      per_s: null,
      github_com_floor_s: 0,
    });
  });
});
