import { FacadeContext, repoOf } from '../repoHandle';
import { Route } from '../router';
import { fullRepositoryJson } from '../shapes/repository';
import { RateLimit } from '../rateLimit';

/** GET /repos/{owner}/{repo}: the repository, mainly for its default_branch. */
const getRepository: Route<FacadeContext> = {
  method: 'GET',
  template: '/repos/{owner}/{repo}',
  async handle(request) {
    const handle = await repoOf(request);
    return {
      status: 200,
      body: fullRepositoryJson(handle.ctx, handle.cloneUrl),
    };
  },
};

/** GET /rate_limit (which, as on GitHub, does not count against the limit). */
export function rateLimitRoute(rateLimit: RateLimit): Route<FacadeContext> {
  return {
    method: 'GET',
    template: '/rate_limit',
    async handle() {
      const core = {
        limit: rateLimit.limit,
        remaining: rateLimit.remaining,
        reset: rateLimit.resetAt,
        used: rateLimit.used,
      };
      const search = {
        limit: 30,
        remaining: 30,
        reset: rateLimit.resetAt,
        used: 0,
      };
      return { status: 200, body: { resources: { core, search }, rate: core } };
    },
  };
}

export const repositoryRoutes = [getRepository];
