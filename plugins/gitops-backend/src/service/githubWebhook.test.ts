import { createHmac } from 'node:crypto';
import { pushedRepositoryUrls, verifyGithubSignature } from './githubWebhook';

const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main' }));
const sign = (secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('verifyGithubSignature', () => {
  it('accepts the signature made with the secret', () => {
    expect(verifyGithubSignature('s3cret', body, sign('s3cret'))).toBe(true);
  });
  it.each([
    ['another secret', sign('other')],
    ['no header', undefined],
    ['the old sha1 header', 'sha1=abc'],
    ['a truncated signature', sign('s3cret').slice(0, 20)],
  ])('rejects %s', (_name, header) => {
    expect(verifyGithubSignature('s3cret', body, header)).toBe(false);
  });
});

describe('pushedRepositoryUrls', () => {
  it('lists every URL form of the pushed repository', () => {
    expect(
      pushedRepositoryUrls({
        repository: {
          clone_url: 'https://github.com/acme/deploy.git',
          html_url: 'https://github.com/acme/deploy',
          ssh_url: 'git@github.com:acme/deploy.git',
        },
      }),
    ).toEqual([
      'https://github.com/acme/deploy.git',
      'https://github.com/acme/deploy',
      'git@github.com:acme/deploy.git',
    ]);
    expect(pushedRepositoryUrls({})).toEqual([]);
  });
});
