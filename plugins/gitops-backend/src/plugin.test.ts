import { createHmac } from 'node:crypto';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { gitopsPlugin } from './plugin';
import packageJson from '../package.json';

describe('gitopsPlugin', () => {
  it('serves /health with the version and configured clusters', async () => {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            gitops: {
              clusters: [
                { name: 'staging', url: 'https://staging.example.com' },
                { name: 'production', url: 'https://prod.example.com' },
              ],
            },
          },
        }),
      ],
    });

    const response = await request(server).get('/api/gitops/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      version: packageJson.version,
      clusters: ['staging', 'production'],
    });
  });

  it('starts without a gitops section, warns once and says so', async () => {
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: {} }),
        logger.factory,
      ],
    });

    const response = await request(server).get('/api/gitops/health');
    expect(response.status).toBe(200);
    expect(response.body.clusters).toEqual([]);
    expect(response.body.message).toMatch(/No clusters are configured/);
    const warnings = logger.warn.mock.calls.filter(([msg]) =>
      String(msg).includes('No clusters are configured'),
    );
    expect(warnings).toHaveLength(1);
  });

  it('fails start-up naming the key of a malformed cluster', async () => {
    await expect(
      startTestBackend({
        features: [
          gitopsPlugin,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: { gitops: { clusters: [{ name: 'a', url: 'nope' }] } },
          }),
        ],
      }),
    ).rejects.toThrow(/gitops\.clusters\[0\]\.url/);
  });
});

describe('POST /api/gitops/webhooks/github', () => {
  const secret = 'webhook-secret';
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    repository: { clone_url: 'https://github.com/acme/deploy.git' },
  });
  const signature = `sha256=${createHmac('sha256', secret)
    .update(body)
    .digest('hex')}`;

  async function backendWith(data: object) {
    const { server } = await startTestBackend({
      features: [
        gitopsPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data }),
      ],
    });
    return server;
  }

  it('accepts a signed push without Backstage credentials and refreshes the repository', async () => {
    const server = await backendWith({
      gitops: { webhooks: { github: { secret } } },
    });
    const response = await request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set('x-hub-signature-256', signature)
      .send(body);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      event: 'push',
      refreshed: ['https://github.com/acme/deploy.git'],
    });
  });

  it('rejects a payload whose signature does not match', async () => {
    const server = await backendWith({
      gitops: { webhooks: { github: { secret } } },
    });
    const response = await request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .set('x-hub-signature-256', `sha256=${'0'.repeat(64)}`)
      .send(body);
    expect(response.status).toBe(401);
    expect(response.body.error.message).toMatch(/X-Hub-Signature-256/);
  });

  it('answers 404 while no secret is configured', async () => {
    const server = await backendWith({});
    const response = await request(server)
      .post('/api/gitops/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', signature)
      .send(body);
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(
      /gitops\.webhooks\.github\.secret/,
    );
  });
});
