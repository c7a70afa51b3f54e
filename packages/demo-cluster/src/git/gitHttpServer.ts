import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { serveRawFile } from './rawFile';
import { GIT_ENV } from './runGit';

export interface GitHttpServer {
  /** `http://host:port`; a repository is `${url}/<name>.git`. */
  url: string;
  port: number;
  /** Emits `push` with the repository name after every successful push. */
  events: EventEmitter;
  close(): Promise<void>;
}

function repositoryNames(root: string): string[] {
  return fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(name => name.endsWith('.git'))
        .sort()
    : [];
}

/** A plain-text index, so a person opening the URL sees what to clone. */
function serveIndex(root: string, baseUrl: string, res: ServerResponse) {
  const lines = repositoryNames(root).map(
    name => `git clone ${baseUrl}/${name}`,
  );
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(
    `Demo Git repositories (smart HTTP, push enabled):\n\n${lines.join(
      '\n',
    )}\n`,
  );
}

/**
 * Runs `git http-backend` as a CGI program for one request: git itself
 * speaks the smart HTTP protocol (clone, fetch and push, protocol v2); this
 * only maps HTTP to CGI and back.
 */
function serveWithHttpBackend(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  onPushed: () => void,
) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headerEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string')
      headerEnv[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  }
  const child = spawn('git', ['http-backend'], {
    env: {
      ...process.env,
      ...GIT_ENV,
      ...headerEnv,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      // Anyone on loopback may push to the demo repositories.
      REMOTE_USER: 'demo',
      GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
      // Lets clients use protocol v2, as a web server's config would pass it on.
      ...(req.headers['git-protocol']
        ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
        : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);

  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end =
      head.indexOf('\r\n\r\n') >= 0
        ? head.indexOf('\r\n\r\n')
        : head.indexOf('\n\n');
    if (end < 0) return;
    const separatorLength = head[end] === 13 ? 4 : 2;
    const headerLines = head.subarray(0, end).toString('latin1').split(/\r?\n/);
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersDone = true;
    res.write(head.subarray(end + separatorLength));
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));
  child.on('close', code => {
    if (!headersDone) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`git http-backend failed: ${Buffer.concat(stderr).toString()}`);
      return;
    }
    res.end();
    if (
      code === 0 &&
      req.method === 'POST' &&
      url.pathname.endsWith('/git-receive-pack')
    )
      onPushed();
  });
}

/** Serves every `<name>.git` under `root` over smart HTTP on loopback. */
export async function startGitHttpServer(options: {
  root: string;
  host?: string;
  port?: number;
}): Promise<GitHttpServer> {
  const events = new EventEmitter();
  const host = options.host ?? '127.0.0.1';
  let baseUrl = '';
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/' || pathname === '') {
      serveIndex(options.root, baseUrl, res);
      return;
    }
    if (req.method === 'GET' && serveRawFile(options.root, pathname, res)) {
      return;
    }
    const repository = pathname.split('/')[1];
    serveWithHttpBackend(options.root, req, res, () =>
      events.emit('push', repository),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    port,
    events,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
