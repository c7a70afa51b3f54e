import { JsonPatchError, applyJsonPatch, applyMergePatch } from './patch';

describe('JSON merge patch (RFC 7386)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: [1, 2] }, { a: [3] }, { a: [3] }],
    [
      { a: { b: 'c', d: 'e' } },
      { a: { d: null, f: 'g' } },
      { a: { b: 'c', f: 'g' } },
    ],
    [{ a: 'b' }, ['c'], ['c']],
  ])('%j + %j = %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: 'b' } }, spec: { list: [1, 2, 3] } };

  it('adds, replaces, removes, moves, copies and tests', () => {
    const result = applyJsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/team~1name', value: 'x' },
      { op: 'replace', path: '/spec/list/0', value: 9 },
      { op: 'add', path: '/spec/list/-', value: 4 },
      { op: 'remove', path: '/spec/list/1' },
      { op: 'copy', from: '/metadata/labels/a', path: '/spec/copied' },
      { op: 'move', from: '/spec/copied', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: 'b' },
    ]);
    expect(result).toEqual({
      metadata: { labels: { a: 'b', 'team/name': 'x' } },
      spec: { list: [9, 3, 4], moved: 'b' },
    });
    expect(doc.spec.list).toEqual([1, 2, 3]);
  });

  it.each([
    [[{ op: 'remove', path: '/spec/missing' }]],
    [[{ op: 'replace', path: '/spec/missing', value: 1 }]],
    [[{ op: 'test', path: '/metadata/labels/a', value: 'other' }]],
    [[{ op: 'add', path: '/spec/list/7', value: 1 }]],
    [[{ op: 'add', path: '/nowhere/deep', value: 1 }]],
    [{ not: 'a list' }],
  ])('fails on %j', operations => {
    expect(() => applyJsonPatch(doc, operations)).toThrow(JsonPatchError);
  });
});
