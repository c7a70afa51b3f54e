import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { GitServer } from '../git/gitServer';
import { GitHubError } from './errors';
import { ConnectionReset, Fault, FaultSwitch } from './faults';
import { GitReader } from './gitReader';
import { RateLimit } from './rateLimit';
import { FacadeContext, RepoHandle } from './repoHandle';
import { Router, RouteResult } from './router';
import { checkRoutes } from './routes/checks';
import { commitRoutes } from './routes/commits';
import { contentRoutes } from './routes/contents';
import { gitDataRoutes } from './routes/gitData';
import { pullRoutes } from './routes/pulls';
import { refRoutes } from './routes/refs';
import { rateLimitRoute, repositoryRoutes } from './routes/repos';

/** One answer the facade gave, kept so tests can check every one of them. */
export interface ServedResponse {
  method: string;
  /** The OpenAPI path template that answered, or undefined for unrouted requests. */
  template?: string;
  path: string;
  /** 0 when a 'reset' fault cut the connection without an answer. */
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** When it was answered (epoch ms). */
  at: number;
  /** The request's If-None-Match (a conditional request). */
  ifNoneMatch?: string;
}

export interface GitHubFacadeOptions {
  /** The repositories to serve: "owner/name" here is /repos/owner/name there. */
  git: Pick<GitServer, 'repository'>;
  /** When set, requests must send `Authorization: token|Bearer <token>`. */
  token?: string;
  /** Base for html_url links. Default: the facade's own URL. */
  webUrl?: string;
  /** Port to listen on; default 0, a free one (the demo uses a fixed one). */
  port?: number;
  /** Keep every response in `served` (default true); a long-running demo turns it off. */
  recordServed?: boolean;
}

/** A GitHub REST API look-alike over the Git server's repositories. */
export interface GitHubFacade {
  /** http://127.0.0.1:<port>, used like https://api.github.com */
  readonly url: string;
  /** Every response served so far, oldest first. */
  readonly served: ServedResponse[];
  /** The core rate limit; set({ remaining: 0 }) exhausts it. */
  readonly rateLimit: RateLimit;
  /**
   * Makes matching requests fail with 403 (rate limited), 429 or 5xx, or
   * cuts their connection ('reset'); `forMs` makes it a burst.
   */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

function send(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: unknown,
) {
  const payload =
    body === undefined || status === 304 || status === 204
      ? ''
      : JSON.stringify(body);
  res.writeHead(status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

function readJson(req: http.IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() ? JSON.parse(text) : {});
      } catch {
        reject(new GitHubError(400, 'Problems parsing JSON'));
      }
    });
  });
}

function etagOf(body: unknown) {
  return `W/"${createHash('sha256')
    .update(JSON.stringify(body))
    .digest('hex')}"`;
}

/** Starts the facade on a free loopback port. */
export async function startGitHubFacade(
  options: GitHubFacadeOptions,
): Promise<GitHubFacade> {
  const served: ServedResponse[] = [];
  const rateLimit = new RateLimit();
  const faults = new FaultSwitch();
  const pullsByRepo = new Map<string, RepoHandle['pulls']>();
  const checksByRepo = new Map<string, RepoHandle['checks']>();
  let baseUrl = '';

  const context: FacadeContext = {
    async repo(owner, name) {
      const repo = options.git.repository(`${owner}/${name}`);
      if (!repo) throw new GitHubError(404, 'Not Found');
      const head = await repo
        .git(['symbolic-ref', '--short', 'HEAD'])
        .catch(() => 'main');
      if (!pullsByRepo.has(repo.fullName))
        pullsByRepo.set(repo.fullName, new Map());
      if (!checksByRepo.has(repo.fullName))
        checksByRepo.set(repo.fullName, { statuses: [], checkRuns: [] });
      return {
        ctx: {
          api: baseUrl,
          web: options.webUrl ?? baseUrl,
          owner,
          name,
          defaultBranch: head.trim(),
        },
        git: repo,
        reader: new GitReader(repo),
        cloneUrl: repo.url,
        pulls: pullsByRepo.get(repo.fullName)!,
        checks: checksByRepo.get(repo.fullName)!,
      };
    },
  };
  const router = new Router<FacadeContext>().add(
    rateLimitRoute(rateLimit),
    ...repositoryRoutes,
    // Before the commit routes: {ref} there would take ".../status" too.
    ...checkRoutes,
    ...commitRoutes,
    ...refRoutes,
    ...gitDataRoutes,
    ...contentRoutes,
    ...pullRoutes,
  );

  async function answer(
    req: http.IncomingMessage,
    url: URL,
  ): Promise<RouteResult & { template?: string }> {
    const method = req.method ?? 'GET';
    if (options.token) {
      const [, token] = (req.headers.authorization ?? '').split(' ');
      if (token !== options.token)
        throw new GitHubError(401, 'Bad credentials');
    }
    const fault = faults.take(method, url.pathname, rateLimit.resetAt);
    if (fault) throw fault;
    const { route, params } = router.match(method, url.pathname);
    const isRateLimitQuery = route.template === '/rate_limit';
    const conditional = method === 'GET' && req.headers['if-none-match'];
    // A conditional GET is answered first: a 304 costs no quota on GitHub.
    if (!conditional && !isRateLimitQuery && !rateLimit.take())
      throw rateLimited();
    const body =
      method === 'GET' || method === 'HEAD' ? {} : await readJson(req);
    const result = await route.handle({
      params,
      query: url.searchParams,
      body,
      url,
      context,
    });
    const headers = { ...result.headers };
    if (method === 'GET' && result.status === 200) {
      const etag = etagOf(result.body);
      headers.etag = etag;
      const wanted = String(req.headers['if-none-match'] ?? '')
        .split(',')
        .map(tag => tag.trim());
      if (wanted.includes(etag) || wanted.includes(etag.replace(/^W\//, ''))) {
        return { status: 304, headers, template: route.template };
      }
      if (conditional && !isRateLimitQuery && !rateLimit.take())
        throw rateLimited();
    }
    return { ...result, headers, template: route.template };
  }

  function rateLimited() {
    return new GitHubError(
      403,
      'API rate limit exceeded for installation.',
      {},
      {
        'x-ratelimit-remaining': '0',
      },
    );
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    let result: RouteResult & { template?: string };
    try {
      result = await answer(req, url);
    } catch (error) {
      const failure =
        error instanceof GitHubError
          ? error
          : new GitHubError(500, `facade error: ${(error as Error).message}`);
      let template: string | undefined;
      try {
        template = router.match(method, url.pathname).route.template;
      } catch {
        template = undefined;
      }
      if (error instanceof ConnectionReset) {
        // A TCP reset before any answer, like a proxy or GitHub's edge
        // dropping the connection.
        served.push({
          method,
          template,
          path: url.pathname,
          status: 0,
          headers: {},
          body: undefined,
          at: Date.now(),
          ifNoneMatch: req.headers['if-none-match'],
        });
        req.socket.resetAndDestroy();
        return;
      }
      result = {
        status: failure.status,
        body: failure.body,
        headers: failure.headers,
        template,
      };
    }
    const headers: Record<string, string> = {
      ...rateLimit.headers(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomUUID(),
      'cache-control': 'private, max-age=60, s-maxage=60',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP',
      ...result.headers,
    };
    if (options.recordServed !== false)
      served.push({
        method,
        template: result.template,
        path: url.pathname,
        status: result.status,
        headers,
        body: result.body,
        at: Date.now(),
        ifNoneMatch: req.headers['if-none-match'],
      });
    send(res, result.status, headers, result.body);
  });

  const sockets = new Set<net.Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  return {
    url: baseUrl,
    served,
    rateLimit,
    injectFault: fault => faults.inject(fault),
    clearFaults: () => faults.clear(),
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
