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
