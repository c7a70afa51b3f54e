import { spawn } from 'node:child_process';
import http from 'node:http';
import { isolatedGitEnv } from './runGit';

/**
 * Answers one smart-HTTP request by running `git http-backend` as a CGI
 * program: the request becomes CGI variables and stdin, and the program's
 * "Status:" and header lines become the HTTP response head.
 */
export function serveWithHttpBackend(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: {
    projectRoot: string;
    pathInfo: string;
    query: string;
    remoteUser?: string;
  },
) {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const env: NodeJS.ProcessEnv = isolatedGitEnv({
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method,
    PATH_INFO: options.pathInfo,
    QUERY_STRING: options.query,
    REMOTE_ADDR: req.socket.remoteAddress,
    // http-backend enables receive-pack (push) only for authenticated users.
    REMOTE_USER: options.remoteUser,
    CONTENT_TYPE: header('content-type'),
    CONTENT_LENGTH: header('content-length'),
    HTTP_CONTENT_ENCODING: header('content-encoding'),
    // Protocol v2 negotiation travels in this header.
    GIT_PROTOCOL: header('git-protocol'),
  });
  for (const key of Object.keys(env))
    if (env[key] === undefined) delete env[key];

  const child = spawn('git', ['http-backend'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: Buffer[] = [];
  child.stderr.on('data', chunk => stderr.push(chunk));
  req.pipe(child.stdin);
  child.stdin.on('error', () => {
    // http-backend may answer (e.g. 403) before reading the body.
  });

  let head = Buffer.alloc(0);
  let headDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf('\r\n\r\n');
    const lf = head.indexOf('\n\n');
    const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf;
    if (end === -1) return;
    headDone = true;
    const separatorLength = end === crlf ? 4 : 2;
    let status = 200;
    for (const line of head
      .subarray(0, end)
      .toString('latin1')
      .split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + separatorLength));
  });
  child.on('close', code => {
    if (!headDone) {
      const message = Buffer.concat(stderr).toString('utf8').trim();
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(
        `git http-backend exited with code ${code} before answering: ${message}\n`,
      );
      return;
    }
    res.end();
  });
  child.on('error', error => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`cannot run git http-backend: ${error.message}\n`);
  });
}
