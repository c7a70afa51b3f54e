import {
  commitTitle,
  firstLine,
  formatRelativeTime,
  shortRevision,
  toolOf,
} from './format';

describe('format', () => {
  it.each([
    ['1a2b3c4d5e6f708192a3b4c5d6e7f80912345678', '1a2b3c4'],
    ['sha256:0123456789abcdef0123456789abcdef', 'sha256:0123456'],
    ['1.4.2', '1.4.2'],
    ['v2.0.0', 'v2.0.0'],
    [undefined, ''],
  ])('shortens revision %s to %s', (revision, short) => {
    expect(shortRevision(revision)).toBe(short);
  });

  it('keeps the subject of a commit message', () => {
    expect(firstLine('Fix ranking\n\nBody')).toBe('Fix ranking');
    expect(firstLine(undefined)).toBe('');
  });

  it('names the tool of each kind', () => {
    expect(toolOf('argocd-application')).toBe('argocd');
    expect(toolOf('flux-kustomization')).toBe('flux');
    expect(toolOf('flux-helmrelease')).toBe('flux');
  });

  const now = Date.parse('2026-11-20T12:00:00Z');
  it.each([
    ['2026-11-20T11:59:50Z', 'just now'],
    ['2026-11-20T11:55:00Z', '5 minutes ago'],
    ['2026-11-20T10:00:00Z', '2 hours ago'],
    ['2026-11-19T12:00:00Z', 'yesterday'],
    ['2026-11-06T12:00:00Z', '2 weeks ago'],
    ['2026-11-20T14:00:00Z', 'in 2 hours'],
    ['not a time', 'not a time'],
  ])('says %s as "%s"', (at, text) => {
    expect(formatRelativeTime(at, now)).toBe(text);
  });
});

describe('commitTitle', () => {
  it.each([
    ['Fix ranking\n\nBody', 'Fix ranking'],
    [
      'Merge pull request #12 from acme-shop/search-timeouts\n\nsearch: raise the query timeout',
      'search: raise the query timeout',
    ],
    [
      "Merge branch 'hotfix' from x\n\nhotfix: pin the chart",
      'hotfix: pin the chart',
    ],
    ['Merge pull request #3 from a/b', 'Merge pull request #3 from a/b'],
    ['Merge remote-tracking branch', 'Merge remote-tracking branch'],
  ])('titles %j as %j', (message, title) => {
    expect(commitTitle(message)).toBe(title);
  });
});
