import { pullRequestNumber } from './pullRequestNumber';

describe('pullRequestNumber', () => {
  it.each([
    ['Merge pull request #12 from acme/feature\n\nBump inventory', 12],
    ['Bump inventory to 1.4 (#34)', 34],
    ['Bump inventory to 1.4 (#34)\n\n* first\n* second', 34],
    ['Merge branch into main\n\nSee merge request acme/inventory!56', 56],
    ['Fix #12 in the worker', undefined],
    ['Mention (#7) in the middle of a title', undefined],
    ['Merge pull request #12', undefined],
    ['', undefined],
  ])('%j → %s', (message, expected) => {
    expect(pullRequestNumber(message)).toBe(expected);
  });
});
