import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { Cluster } from '../store/cluster';
import { ApiError, apiErrors } from './apiError';
import { ApiUser, DEFAULT_USERS, authenticate } from './auth';
import * as discovery from './discovery';
import { handleResource, Reply } from './resourceHandlers';
import { parseRoute } from './route';

export interface KubeApiServerOptions {
  /** The clusters, each served under `/clusters/<name>/`. */
  clusters: Cluster[];
  users?: ApiUser[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How often a watch that allows bookmarks gets one. */
  bookmarkIntervalMs?: number;
  /** Serve HTTPS with this certificate (PEM); plain HTTP without it. */
  tls?: { cert: string; key: string };
}

export interface KubeApiServer {
  /** `https://host:port` (or http); a cluster's URL is `${url}/clusters/<name>`. */
  url: string;
  port: number;
  clusterUrl(name: string): string;
  close(): Promise<void>;
}

/** Kubernetes caps request bodies at 3 MiB. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new ApiError(
            413,
            'RequestEntityTooLarge',
            'the request body is too large',
          ),
        );
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? undefined : JSON.parse(text));
      } catch (error) {
        reject(
          apiErrors.badRequest(
            `the request body is not valid JSON: ${(error as Error).message}`,
          ),
        );
      }
    });
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
  };
  if (reply.warnings?.length) {
    headers.Warning = reply.warnings
      .map(w => `299 - ${JSON.stringify(w)}`)
      .join(', ');
  }
  if (typeof reply.body === 'string')
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  res.writeHead(reply.status, headers);
  res.end(
    typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
  );
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError)
    return { status: error.code, body: error.toStatus() };
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: new ApiError(
      500,
      'InternalError',
      `an error on the server ("${message}") has prevented the request from succeeding`,
    ).toStatus(),
  };
}

async function route(
  cluster: Cluster,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  users: ApiUser[],
  bookmarkIntervalMs: number,
): Promise<Reply | undefined> {
  const target = parseRoute(path);
  // As on a default API server, version and health are public.
  if (target.kind === 'health') return { status: 200, body: 'ok' };
  if (target.kind === 'version')
    return { status: 200, body: discovery.SERVER_VERSION };
  const user = authenticate(users, req.headers.authorization);
  const readOnly = () => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw apiErrors.methodNotAllowed();
  };
  switch (target.kind) {
    case 'coreVersions':
      readOnly();
      return { status: 200, body: discovery.coreVersions() };
    case 'coreResources':
      readOnly();
      return { status: 200, body: discovery.coreResourceList() };
    case 'groups':
      readOnly();
      return { status: 200, body: discovery.groupList(cluster.types) };
    case 'group': {
      readOnly();
      const body = discovery.group(cluster.types, target.group);
      if (!body) throw apiErrors.unknownResource();
      return { status: 200, body };
    }
    case 'resources': {
      readOnly();
      const body = discovery.resourceList(
        cluster.types,
        target.group,
        target.version,
      );
      if (!body) throw apiErrors.unknownResource();
      return { status: 200, body };
    }
    case 'resource': {
      const type = cluster.findType(
        target.group,
        target.version,
        target.plural,
      );
      if (!type) throw apiErrors.unknownResource();
      if (
        target.subresource !== undefined &&
        (target.subresource !== 'status' || !type.statusSubresource)
      ) {
        throw apiErrors.unknownResource();
      }
      return handleResource({
        cluster,
        type,
        namespace: target.namespace,
        name: target.name,
        subresource: target.subresource as 'status' | undefined,
        query,
        user,
        req,
        res,
        readBody: () => readJsonBody(req),
        bookmarkIntervalMs,
      });
    }
    default:
      throw apiErrors.unknownResource();
  }
}

/**
 * An HTTP server speaking the Kubernetes REST API for the clusters' custom
 * resources. Any Kubernetes client reaches a cluster with its URL
 * (`/clusters/<name>`) and a bearer token.
 */
export async function startKubeApiServer(
  options: KubeApiServerOptions,
): Promise<KubeApiServer> {
  const clusters = new Map(
    options.clusters.map(cluster => [cluster.name, cluster]),
  );
  const users = options.users ?? DEFAULT_USERS;
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = url.pathname.match(/^\/clusters\/([^/]+)(\/.*)?$/);
    const cluster = match
      ? clusters.get(decodeURIComponent(match[1]))
      : undefined;
    const handle = cluster
      ? route(
          cluster,
          match![2] ?? '/',
          url.searchParams,
          req,
          res,
          users,
          bookmarkIntervalMs,
        )
      : Promise.reject(apiErrors.unknownResource());
    handle.then(
      reply => reply && send(res, reply),
      error => {
        if (res.headersSent) res.end();
        else send(res, errorReply(error));
      },
    );
  };
  const server = options.tls
    ? https.createServer(options.tls, listener)
    : http.createServer(listener);
  // Watches are long-lived; the server must not cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  return {
    url,
    port,
    clusterUrl: name => `${url}/clusters/${name}`,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
