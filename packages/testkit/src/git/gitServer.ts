import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { makeTempDir } from '../process/tempDir';
import { serveWithHttpBackend } from './httpBackend';
import { runGit } from './runGit';
import { ScriptedRepository } from './scriptedRepository';

export interface GitServerOptions {
  /** The secret clients must present; default: a random one. */
  token?: string;
  /** Let clients without credentials clone and fetch (push always needs the token). */
  anonymousRead?: boolean;
}

/** Bare repositories served over smart HTTP on loopback. */
export interface GitServer {
  /** http://127.0.0.1:<port> — repositories are at <url>/<owner>/<name>.git */
  readonly url: string;
  /** Accepted as the basic-auth password (any user name) or as a bearer token. */
  readonly token: string;
  /** The folder holding <owner>/<name>.git. */
  readonly root: string;
  /** Creates an empty bare repository; `fullName` is "owner/name". */
  createRepository(
    fullName: string,
    options?: { defaultBranch?: string },
  ): Promise<ScriptedRepository>;
  /** A repository created earlier, or undefined. */
  repository(fullName: string): ScriptedRepository | undefined;
  /** Every repository, by full name. */
  repositories(): ScriptedRepository[];
  /** Closes the server and removes the repositories. */
  stop(): Promise<void>;
}

const FULL_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Returns the user name when the request carries the token, else undefined. */
function authenticate(
  req: http.IncomingMessage,
  token: string,
): string | undefined {
  const authorization = req.headers.authorization ?? '';
  const [scheme, value = ''] = authorization.split(' ', 2);
  if (/^bearer$/i.test(scheme)) return value === token ? 'token' : undefined;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // GitHub style: any user name with the token as password, or the token as user.
  if (password === token || user === token) return user || 'token';
  return undefined;
}

function isPush(pathInfo: string, query: URLSearchParams) {
  return (
    pathInfo.endsWith('/git-receive-pack') ||
    query.get('service') === 'git-receive-pack'
  );
}

/** Starts the Git server on a free loopback port. */
export async function startGitServer(
  options: GitServerOptions = {},
): Promise<GitServer> {
  const token = options.token ?? randomBytes(20).toString('hex');
  const root = makeTempDir('gitops-testkit-git');
  const repositories = new Map<string, ScriptedRepository>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathInfo = decodeURIComponent(url.pathname);
    if (pathInfo.includes('..')) {
      res.writeHead(400).end('bad path\n');
      return;
    }
    const user = authenticate(req, token);
    if (
      !user &&
      (!options.anonymousRead || isPush(pathInfo, url.searchParams))
    ) {
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="gitops-testkit"',
        'content-type': 'text/plain',
      });
      res.end(
        'authentication required: use the server token as the password\n',
      );
      return;
    }
    serveWithHttpBackend(req, res, {
      projectRoot: root.path,
      pathInfo,
      query: url.search.replace(/^\?/, ''),
      remoteUser: user,
    });
  });
  const sockets = new Set<net.Socket>();
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const authenticatedBase = `http://git:${token}@127.0.0.1:${port}`;

  return {
    url,
    token,
    root: root.path,
    async createRepository(fullName, repoOptions = {}) {
      if (!FULL_NAME.test(fullName)) {
        throw new Error(
          `repository name must look like "owner/name", got "${fullName}"`,
        );
      }
      if (repositories.has(fullName))
        throw new Error(`repository ${fullName} already exists`);
      const gitDir = path.join(root.path, `${fullName}.git`);
      fs.mkdirSync(path.dirname(gitDir), { recursive: true });
      await runGit([
        'init',
        '--quiet',
        '--bare',
        `--initial-branch=${repoOptions.defaultBranch ?? 'main'}`,
        gitDir,
      ]);
      await runGit(['--git-dir', gitDir, 'config', 'http.receivepack', 'true']);
      const repo = new ScriptedRepository(
        fullName,
        gitDir,
        `${url}/${fullName}.git`,
        `${authenticatedBase}/${fullName}.git`,
      );
      repositories.set(fullName, repo);
      return repo;
    },
    repository: fullName => repositories.get(fullName),
    repositories: () => [...repositories.values()],
    async stop() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      root.remove();
    },
  };
}
