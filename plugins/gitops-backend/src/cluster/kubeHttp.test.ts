import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { kubeConfigFor } from './kubeConfigFor';
import { KubeHttp, KubeStatusError, KubeTimeoutError } from './kubeHttp';

function clientFor(url: string) {
  return new KubeHttp(() =>
    kubeConfigFor({
      name: 'test',
      url,
      token: 'secret-token',
      skipTLSVerify: true,
      configKey: 'gitops.clusters[0]',
    }),
  );
}

async function listen<T extends net.Server>(server: T): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('KubeHttp', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    while (closers.length) closers.pop()!();
  });

  /** An HTTP server that records requests and answers with `handle`. */
  async function server(handle: http.RequestListener) {
    const seen: Array<{ url?: string; authorization?: string }> = [];
    const s = http.createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      handle(req, res);
    });
    const port = await listen(s);
    closers.push(() => {
      s.closeAllConnections();
      s.close();
    });
    return { url: `http://127.0.0.1:${port}`, seen };
  }

  it('keeps the path prefix of the server URL and sends the token', async () => {
    const { url, seen } = await server((_req, res) =>
      res.end(JSON.stringify({ gitVersion: 'v1.36.3' })),
    );
    const answer = await clientFor(`${url}/clusters/staging`).getJson<{
      gitVersion: string;
    }>('/version', { limit: 5, continue: undefined }, 2000);
    expect(answer.gitVersion).toBe('v1.36.3');
    expect(seen).toEqual([
      {
        url: '/clusters/staging/version?limit=5',
        authorization: 'Bearer secret-token',
      },
    ]);
  });

  it('gives up on a server that accepts connections and never answers', async () => {
    // What a SIGSTOPped API server looks like: the kernel accepts, no one reads.
    const silent = net.createServer(() => undefined);
    const port = await listen(silent);
    closers.push(() => silent.close());
    const started = Date.now();
    const failure = clientFor(`http://127.0.0.1:${port}`).getJson(
      '/version',
      {},
      300,
    );
    await expect(failure).rejects.toThrow(
      'GET /version: no answer within 0.3 s: the API server does not answer',
    );
    await expect(failure).rejects.toBeInstanceOf(KubeTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports an error status with its body', async () => {
    const { url } = await server((_req, res) => {
      res.statusCode = 403;
      res.end(JSON.stringify({ kind: 'Status', message: 'forbidden here' }));
    });
    const failure = clientFor(url).getJson('/apis/x', {}, 2000);
    await expect(failure).rejects.toBeInstanceOf(KubeStatusError);
    await expect(failure).rejects.toMatchObject({
      statusCode: 403,
      body: expect.stringContaining('forbidden here'),
    });
  });

  it('sends a merge patch with its content type and answers the patched object', async () => {
    const received: Array<{ method?: string; type?: string; body: string }> =
      [];
    const { url, seen } = await server((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({
          method: req.method,
          type: req.headers['content-type'],
          body,
        });
        res.end(JSON.stringify({ metadata: { name: 'shop' }, patched: body }));
      });
    });
    const answer = await clientFor(url).mergePatchJson<{ patched: string }>(
      '/apis/x/v1/namespaces/a/things/shop',
      { spec: { suspend: true } },
      2000,
    );
    expect(answer.patched).toBe('{"spec":{"suspend":true}}');
    expect(received).toEqual([
      {
        method: 'PATCH',
        type: 'application/merge-patch+json',
        body: '{"spec":{"suspend":true}}',
      },
    ]);
    expect(seen[0].authorization).toBe('Bearer secret-token');
  });

  it('streams watch events, then ends a stream that falls silent', async () => {
    const { url, seen } = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(
        `${JSON.stringify({
          type: 'ADDED',
          object: { metadata: { name: 'a' } },
        })}\n${JSON.stringify({
          type: 'BOOKMARK',
          object: { metadata: { resourceVersion: '7' } },
        })}\n`,
      );
      // ...and nothing more, without closing.
    });
    const events: string[] = [];
    let opened = false;
    const stream = clientFor(url).watch(
      '/apis/argoproj.io/v1alpha1/applications',
      { resourceVersion: '5', allowWatchBookmarks: true },
      {
        headersTimeoutMs: 2000,
        idleTimeoutMs: 400,
        onOpen: () => (opened = true),
        onEvent: (type, object) =>
          events.push(`${type} ${JSON.stringify(object)}`),
      },
    );
    const error = await stream.done.then(
      () => undefined,
      e => e,
    );
    expect(opened).toBe(true);
    expect(events).toEqual([
      'ADDED {"metadata":{"name":"a"}}',
      'BOOKMARK {"metadata":{"resourceVersion":"7"}}',
    ]);
    expect(error).toBeInstanceOf(KubeTimeoutError);
    expect(error.phase).toBe('body');
    expect(seen[0].url).toBe(
      '/apis/argoproj.io/v1alpha1/applications?resourceVersion=5&allowWatchBookmarks=true&watch=true',
    );
  });

  it('resolves a watch the server ends, and ends one on abort', async () => {
    const { url } = await server((req, res) => {
      res.writeHead(200);
      if (req.url?.includes('end=1')) res.end();
    });
    const client = clientFor(url);
    const handlers = {
      headersTimeoutMs: 2000,
      idleTimeoutMs: 5000,
      onEvent: () => undefined,
    };
    await expect(
      client.watch('/w', { end: 1 }, handlers).done,
    ).resolves.toBeUndefined();
    const open = client.watch('/w', {}, handlers);
    open.abort(new Error('cluster hung'));
    await expect(open.done).rejects.toThrow('cluster hung');
  });
});
