import {
  LabelSelectorSyntaxError,
  matchesLabels,
  parseLabelSelector,
} from './labelSelector';

const labels = {
  'app.kubernetes.io/part-of': 'checkout',
  tier: 'backend',
  'backstage.io/kubernetes-id': 'checkout',
};

describe('label selectors', () => {
  it.each([
    ['app.kubernetes.io/part-of=checkout', true],
    ['app.kubernetes.io/part-of==checkout', true],
    ['app.kubernetes.io/part-of=inventory', false],
    ['tier!=frontend', true],
    ['tier!=backend', false],
    ['missing!=x', true],
    ['tier in (backend, api)', true],
    ['tier in (frontend)', false],
    ['tier notin (frontend)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['tier=backend,backstage.io/kubernetes-id=checkout', true],
    ['tier=backend, backstage.io/kubernetes-id=other', false],
    ['tier in (backend,api),!missing', true],
    ['empty=', false],
  ])('%s matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each([
    [''],
    ['   '],
    ['tier in ()'],
    ['=value'],
    ['bad key=x'],
    ['tier=has space'],
    ['tier=a,,b=c'],
    ['Tier/x=y'],
    // Found by labelSelector.property.test.ts: keys Kubernetes cannot hold.
    [`${'p'.repeat(254)}/name=x`],
    [`${'k'.repeat(64)}=x`],
    ['a..b/c=x'],
    ['a.-b/c=x'],
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(
      LabelSelectorSyntaxError,
    );
  });

  it('accepts the longest keys Kubernetes allows', () => {
    const key = `${'p'.repeat(253)}/${'k'.repeat(63)}`;
    expect(parseLabelSelector(`${key}=x`)).toEqual([
      { key, op: 'in', values: ['x'] },
    ]);
  });

  it('names the selector and the problem', () => {
    expect(() => parseLabelSelector('app=ok,bad key=x')).toThrow(
      "invalid label selector 'app=ok,bad key=x': 'bad key' is not a valid label key",
    );
  });
});
