import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import request from 'supertest';
import { httpRouterWithoutStacks } from './errorBodiesWithoutStacks';

/** An error as @backstage/errors makes them: the handler maps it by name. */
const named = (name: string, message: string) =>
  Object.assign(new Error(message), { name });

/** A plugin whose routes fail the ways API handlers fail. */
const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/input', async () => {
          throw named('InputError', 'bad name');
        });
        router.get('/missing', async () => {
          throw named('NotFoundError', 'no such entity');
        });
        router.get('/crash', async () => {
          throw new Error('unexpected');
        });
        router.get('/protected', async (_req, res) => {
          res.json({ ok: true });
        });
        httpRouter.use(router);
        for (const path of ['/input', '/missing', '/crash']) {
          httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
      },
    });
  },
});

const PATHS = [
  ['/api/failing/input', 400],
  ['/api/failing/missing', 404],
  ['/api/failing/crash', 500],
] as const;

describe('error bodies in development mode, as the demo runs', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(() => {
    // The default error handler decides on stacks from NODE_ENV.
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('carry stacks with the default plugin router (the condition this guards against)', async () => {
    const { server } = await startTestBackend({ features: [failingPlugin] });
    const res = await request(server).get('/api/failing/missing');
    expect(res.status).toBe(404);
    expect(res.body.error.stack).toEqual(
      expect.stringContaining('no such entity'),
    );
  });

  it('keep the default credentials barrier', async () => {
    const { server } = await startTestBackend({
      features: [
        failingPlugin,
        httpRouterWithoutStacks,
        // The test backend treats a request without a token as a user's.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server).get('/api/failing/protected');
    expect(res.status).toBe(401);
    expect(res.body.error.stack).toBeUndefined();
    const ok = await request(server)
      .get('/api/failing/protected')
      .set('authorization', mockCredentials.user.header());
    expect(ok.status).toBe(200);
  });

  it.each(PATHS)(
    'carry no stack with the demo backend router: %s',
    async (path, status) => {
      const { server } = await startTestBackend({
        features: [failingPlugin, httpRouterWithoutStacks],
      });
      const res = await request(server).get(path);
      expect(res.status).toBe(status);
      expect(res.body.error.name).toEqual(expect.any(String));
      expect(res.body.error.message).toEqual(expect.any(String));
      expect(res.body.response).toEqual({ statusCode: status });
      expect(JSON.stringify(res.body)).not.toMatch(/"stack"|\bat .*\.ts:\d+/);
    },
  );
});
