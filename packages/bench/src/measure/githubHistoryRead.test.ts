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
      github_com_floor_s: 0,
    });
  });

  it("gives github.com's floor: the 901st read a minute after the first, the 1,801st two", () => {
    const reads = (n: number) => Array.from({ length: n }, (_, i) => commit(i));
    expect(githubHistoryRead(reads(900), 0).github_com_floor_s).toBe(0);
    expect(githubHistoryRead(reads(1_389), 0).github_com_floor_s).toBe(60);
    expect(githubHistoryRead(reads(1_800), 0).github_com_floor_s).toBe(60);
    expect(githubHistoryRead(reads(1_801), 0).github_com_floor_s).toBe(120);
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
