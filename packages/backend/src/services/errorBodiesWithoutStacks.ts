/*
 * Backstage's HTTP routers, configured so that API error bodies never carry
 * a stack trace, whatever NODE_ENV says. The default error handler
 * (`MiddlewareFactory.error()`) shows stacks with absolute paths whenever
 * NODE_ENV is `development`, which is how the demo runs; its one setting,
 * `showStackTraces`, has no config key in @backstage/backend-defaults 0.19,
 * so it is set here, where the routers are composed. Stacks of 5xx errors
 * still reach the log.
 *
 * Both factories are Backstage's own composition (see its
 * rootHttpRouterServiceFactory and httpRouterServiceFactory), with only the
 * error handler's option changed.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
  createWebSocketRouter,
} from '@backstage/backend-defaults/httpRouter';
import {
  MiddlewareFactory,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import Router from 'express-promise-router';

const ERROR_OPTIONS = { showStackTraces: false };

/** The root router: the default middleware, then a stack-free error handler. */
export const rootHttpRouterWithoutStacks = rootHttpRouterServiceFactory({
  configure({ app, config, middleware, routes, healthRouter }) {
    if (process.env.NODE_ENV === 'development') app.set('json spaces', 2);
    const trustProxy = config.getOptional('backend.trustProxy');
    if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
    app.use(middleware.helmet());
    app.use(middleware.cors());
    app.use(middleware.compression());
    app.use(middleware.logging());
    app.use(middleware.rateLimit());
    app.use(healthRouter);
    app.use(routes);
    app.use(middleware.notFound());
    app.use(middleware.error(ERROR_OPTIONS));
  },
});

/** Each plugin's router: auth, lifecycle and rate limits as by default. */
export const httpRouterWithoutStacks = createServiceFactory({
  service: coreServices.httpRouter,
  initialization: 'always',
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  async factory({
    plugin,
    config,
    lifecycle,
    rootHttpRouter,
    auth,
    httpAuth,
    logger,
  }) {
    const pluginId = plugin.getId();
    const router = Router();
    router.use(createRateLimitMiddleware({ pluginId, config }));
    rootHttpRouter.use(`/api/${pluginId}`, router);
    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));
    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(
      MiddlewareFactory.create({ config, logger }).error(ERROR_OPTIONS),
    );
    return {
      use: handler => {
        pluginRoutes.use(handler);
      },
      addWebSocketHandler: createWebSocketRouter({
        auth,
        config,
        lifecycle,
        logger,
        pluginId,
        rootHttpRouter,
      }),
      addAuthPolicy: policy => credentialsBarrier.addAuthPolicy(policy),
    };
  },
});
