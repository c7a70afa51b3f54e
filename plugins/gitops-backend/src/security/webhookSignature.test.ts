import { createHmac } from 'node:crypto';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from '../plugin';

const SECRET = 'webhook-secret';
const hmac = (algorithm: 'sha1' | 'sha256', body: string | Buffer) =>
  `${algorithm}=${createHmac(algorithm, SECRET).update(body).digest('hex')}`;

const push = JSON.stringify({
  ref: 'refs/heads/main',
  repository: { clone_url: 'https://github.com/acme/deploy.git' },
});

describe('GitHub webhook signature checks', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { gitops: { webhooks: { github: { secret: SECRET } } } },
        }),
      ],
    });
    server = backend.server;
  });

  const post = (
    headers: Record<string, string>,
    body: string | Buffer = push,
  ) => {
    let req = request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push');
    for (const [name, value] of Object.entries(headers))
      req = req.set(name, value);
    return req.send(body);
  };

  it('accepts the X-Hub-Signature-256 made with the secret', async () => {
    const res = await post({ 'x-hub-signature-256': hmac('sha256', push) });
    expect(res.status).toBe(202);
    expect(res.body.event).toBe('push');
  });

  it.each([
    ['no signature', {}],
    [
      'a wrong signature',
      { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    ],
    [
      'a signature of another body',
      { 'x-hub-signature-256': hmac('sha256', '{}') },
    ],
    [
      'only the legacy SHA-1 X-Hub-Signature',
      { 'x-hub-signature': hmac('sha1', push) },
    ],
    [
      'a valid SHA-1 beside a wrong SHA-256',
      {
        'x-hub-signature': hmac('sha1', push),
        'x-hub-signature-256': `sha256=${'f'.repeat(64)}`,
      },
    ],
    [
      'a SHA-1 value in the SHA-256 header',
      { 'x-hub-signature-256': hmac('sha1', push) },
    ],
  ])('rejects %s with 401 and no stack', async (_name, headers) => {
    const res = await post(headers);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/X-Hub-Signature-256/);
    expect(res.body.error.stack).toBeUndefined();
  });

  it('refuses a body over the size limit with 413, even when signed', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1024, 'a');
    const res = await post({ 'x-hub-signature-256': hmac('sha256', big) }, big);
    expect(res.status).toBe(413);
    expect(res.body.error?.stack).toBeUndefined();
  }, 60_000);
});
