import { InputError } from '@backstage/errors';
import { entityRefFromParams } from './entityRefParams';

describe('entityRefFromParams', () => {
  it('builds the lower-cased reference of a valid triple', () => {
    expect(
      entityRefFromParams({
        namespace: 'default',
        kind: 'Component',
        name: 'Inventory-api',
      }),
    ).toBe('component:default/inventory-api');
  });

  it.each([
    ['an emoji name', { name: 'inventory-🚀' }, /entity name "inventory-🚀"/],
    [
      'a control character',
      { name: 'inv\u0000entory' },
      /entity name "inv\\u0000entory"/,
    ],
    [
      'a newline in the namespace',
      { namespace: 'de\nfault' },
      /entity namespace "de\\nfault"/,
    ],
    ['an over-long name', { name: 'a'.repeat(300) }, /\(300 characters\)/],
    ['a kind with a dash', { kind: 'com-ponent' }, /entity kind "com-ponent"/],
    ['an empty name', { name: '' }, /entity name ""/],
  ])(
    'rejects %s with an InputError naming the field',
    (_what, override, message) => {
      const params = {
        namespace: 'default',
        kind: 'component',
        name: 'inventory',
        ...override,
      };
      expect(() => entityRefFromParams(params)).toThrow(InputError);
      expect(() => entityRefFromParams(params)).toThrow(message);
    },
  );
});
