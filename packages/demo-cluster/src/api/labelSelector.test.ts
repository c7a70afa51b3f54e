import { matchesLabels, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  const labels = {
    app: 'checkout',
    env: 'production',
    'app.kubernetes.io/part-of': 'storefront',
  };

  it.each([
    ['', true],
    ['app=checkout', true],
    ['app==checkout', true],
    ['app!=checkout', false],
    ['app!=inventory', true],
    ['missing!=x', true],
    ['env in (staging, production)', true],
    ['env notin (production)', false],
    ['env notin (staging)', true],
    ['app.kubernetes.io/part-of=storefront,env=production', true],
    ['app.kubernetes.io/part-of=storefront,env=staging', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['env in (staging,production),!missing', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('rejects what it cannot parse with a 400', () => {
    expect(() => parseLabelSelector('==broken')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
  });
});
