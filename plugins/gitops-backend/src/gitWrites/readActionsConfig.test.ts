import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_BOT_IDENTITY,
  deliveryModeFor,
  readActionsConfig,
} from './readActionsConfig';

const read = (actions?: object) =>
  readActionsConfig(new ConfigReader(actions ? { gitops: { actions } } : {}));

describe('readActionsConfig', () => {
  it('applies the defaults', () => {
    const config = read();
    expect(config.rules).toEqual([]);
    expect(config.botIdentity).toEqual(DEFAULT_BOT_IDENTITY);
    expect(config.riskyCommitPattern.test('Add SCHEMA v2')).toBe(true);
    expect(config.riskyCommitPattern.test('db Migration')).toBe(true);
    expect(config.riskyCommitPattern.test('bump image')).toBe(false);
  });

  it('reads the identity as "Name <email>" or as an object', () => {
    expect(
      read({ botIdentity: 'Deploy Bot <bot@example.com>' }).botIdentity,
    ).toEqual({
      name: 'Deploy Bot',
      email: 'bot@example.com',
    });
    expect(
      read({ botIdentity: { name: 'Bot', email: 'b@x' } }).botIdentity,
    ).toEqual({
      name: 'Bot',
      email: 'b@x',
    });
    expect(() => read({ botIdentity: 'just a name' })).toThrow(
      /gitops.actions.botIdentity must be written 'Name <email>'/,
    );
    expect(() => read({ botIdentity: { name: 'a<b', email: 'x' } })).toThrow(
      /gitops.actions.botIdentity needs/,
    );
  });

  it('refuses a bad pattern or mode, naming the key', () => {
    expect(() => read({ riskyCommitPattern: '(' })).toThrow(
      /gitops.actions.riskyCommitPattern is not a valid regular expression/,
    );
    expect(() =>
      read({ git: [{ urlPrefix: 'https://git.example', mode: 'push' }] }),
    ).toThrow(
      /gitops.actions.git\[0\].mode must be one of pull-request, branch, direct; got 'push'/,
    );
    expect(() =>
      read({ git: [{ urlPrefix: 'nope', mode: 'direct' }] }),
    ).toThrow(/gitops.actions.git\[0\].urlPrefix/);
  });

  it('chooses the mode by the longest matching prefix, whole segments only', () => {
    const config = read({
      git: [
        { urlPrefix: 'https://git.example/', mode: 'direct' },
        { urlPrefix: 'https://GIT.example/acme', mode: 'branch' },
        { urlPrefix: 'https://github.com/acme/deploy.git', mode: 'direct' },
      ],
    });
    expect(
      deliveryModeFor(config, 'https://git.example/other/repo', 'git'),
    ).toBe('direct');
    expect(
      deliveryModeFor(config, 'https://git.example/acme/repo.git', 'git'),
    ).toBe('branch');
    expect(
      deliveryModeFor(config, 'https://git.example/acme-two/repo', 'git'),
    ).toBe('direct');
    expect(
      deliveryModeFor(config, 'https://github.com/acme/deploy', 'github'),
    ).toBe('direct');
    expect(
      deliveryModeFor(config, 'https://github.com/acme/other', 'github'),
    ).toBe('pull-request');
    expect(deliveryModeFor(config, 'http://elsewhere.test/a/b', 'git')).toBe(
      'branch',
    );
  });

  it('delivers a plain Git "pull-request" rule as a branch', () => {
    const config = read({
      git: [{ urlPrefix: 'https://git.example', mode: 'pull-request' }],
    });
    expect(deliveryModeFor(config, 'https://git.example/a/b', 'git')).toBe(
      'branch',
    );
    expect(deliveryModeFor(config, 'https://git.example/a/b', 'github')).toBe(
      'pull-request',
    );
  });
});
