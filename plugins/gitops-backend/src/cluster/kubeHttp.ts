import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';

/**
 * A request that got no answer in time. A SIGSTOPped or overloaded API
 * server accepts the TCP connection and then says nothing, so every request
 * needs its own deadline; Node and the Kubernetes client set none.
 */
export class KubeTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    /** Waiting for the headers, or silence after them. */
    readonly phase: 'headers' | 'body' = 'headers',
  ) {
    super(
      `${what}: no answer within ${
        Math.round(timeoutMs / 100) / 10
      } s: the API server does not answer`,
    );
    this.name = 'KubeTimeoutError';
  }
}

/** An HTTP error status from the API server; `body` is the Status JSON. */
export class KubeStatusError extends Error {
  constructor(readonly statusCode: number, readonly body: string) {
    super(`HTTP ${statusCode}`);
    this.name = 'KubeStatusError';
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

/** An open watch stream. */
export interface WatchStream {
  /** Resolves when the server ends the stream, rejects on errors. */
  done: Promise<void>;
  /** Ends the stream; `done` rejects with `reason`, or resolves without one. */
  abort(reason?: Error): void;
}

export interface WatchHandlers {
  /** Called when the server accepted the watch (HTTP 200). */
  onOpen?(): void;
  /** Called for each event line the server sends. */
  onEvent(type: string, object: any): void;
  /** Deadline for the response headers. */
  headersTimeoutMs: number;
  /**
   * Silence after which the stream is ended with a KubeTimeoutError: no
   * bytes at all, not even a bookmark.
   */
  idleTimeoutMs: number;
}

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Plain HTTPS requests to one API server, with the TLS settings and bearer
 * token of a KubeConfig, and a deadline on every request: until the
 * response headers (connect, TLS and the server's work), then on silence.
 * Lists and watches need nothing more, and this keeps the timeouts in our
 * hands.
 */
export class KubeHttp {
  constructor(private readonly kubeConfig: () => KubeConfig) {}

  /**
   * GET a JSON document; rejects when an answer does not come in time, or
   * at once when `signal` aborts (the watcher is stopping).
   */
  async getJson<T>(
    path: string,
    query: Query,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.requestJson<T>(
      'GET',
      path,
      query,
      undefined,
      timeoutMs,
      signal,
    );
  }

  /**
   * PATCH an object with a JSON merge patch (custom resources take no
   * strategic merge patch) and answer the patched object; the same deadline
   * and errors as getJson. Used by the cluster actions (docs/actions-cluster.md).
   */
  async mergePatchJson<T>(
    path: string,
    patch: unknown,
    timeoutMs: number,
  ): Promise<T> {
    return this.requestJson<T>(
      'PATCH',
      path,
      {},
      {
        contentType: 'application/merge-patch+json',
        text: JSON.stringify(patch),
      },
      timeoutMs,
    );
  }

  private async requestJson<T>(
    method: 'GET' | 'PATCH',
    path: string,
    query: Query,
    body: RequestBody | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    const target = await this.prepare(path, query, method, body);
    let onAbort: (() => void) | undefined;
    const text = await new Promise<string>((resolve, reject) => {
      const limits = { headersMs: timeoutMs, idleMs: timeoutMs };
      const request = this.send(
        target,
        `${method} ${path}`,
        limits,
        reject,
        response => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const answer = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(answer);
            else
              reject(
                new KubeStatusError(status, answer.slice(0, MAX_ERROR_BODY)),
              );
          });
        },
      );
      onAbort = () => {
        reject(new Error(`${method} ${path}: stopped`));
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }).finally(() => {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    });
    return JSON.parse(text) as T;
  }

  /** Opens a watch (`watch=true` is added); events arrive one per line. */
  watch(path: string, query: Query, handlers: WatchHandlers): WatchStream {
    let request: http.ClientRequest | undefined;
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    let ended = false;
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      request?.destroy();
      if (error) settle.reject(error);
      else settle.resolve();
    };
    const onResponse = (response: http.IncomingMessage) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          end(
            new KubeStatusError(
              status,
              Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY),
            ),
          ),
        );
        response.on('error', end);
        return;
      }
      handlers.onOpen?.();
      const lines = createInterface({ input: response });
      // readline re-emits the stream's errors; unhandled they would crash.
      lines.on('error', end);
      lines.on('line', line => {
        if (ended || !line.trim()) return;
        let event: { type?: string; object?: unknown };
        try {
          event = JSON.parse(line);
        } catch {
          end(new Error(`watch: a line is not JSON: ${line.slice(0, 120)}`));
          return;
        }
        handlers.onEvent(String(event.type), event.object);
      });
      response.on('error', end);
      response.on('close', () => end());
    };
    this.prepare(path, { ...query, watch: true }).then(target => {
      if (ended) return;
      request = this.send(
        target,
        `watch ${path}`,
        {
          headersMs: handlers.headersTimeoutMs,
          idleMs: handlers.idleTimeoutMs,
        },
        end,
        onResponse,
      );
    }, end);
    return { done, abort: end };
  }

  private async prepare(
    path: string,
    query: Query,
    method: 'GET' | 'PATCH' = 'GET',
    body?: RequestBody,
  ): Promise<Target> {
    const kc = this.kubeConfig();
    const server = kc.getCurrentCluster()?.server;
    if (!server) throw new Error('no cluster server configured');
    const base = new URL(server);
    // Keep a path prefix of the server URL (an API behind a proxy path).
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // Sets the agent (CA, client certificate, skipTLSVerify) and headers.
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return {
      url,
      options: {
        method,
        agent: options.agent,
        headers: {
          ...(options.headers as Record<string, string>),
          accept: 'application/json',
          ...(body && {
            'content-type': body.contentType,
            'content-length': String(Buffer.byteLength(body.text)),
          }),
        },
      },
      body: body?.text,
    };
  }

  private send(
    target: Target,
    what: string,
    limits: { headersMs: number; idleMs: number },
    fail: (error: Error) => void,
    onResponse: (response: http.IncomingMessage) => void,
  ): http.ClientRequest {
    const send = target.url.protocol === 'http:' ? http.request : https.request;
    let deadline: NodeJS.Timeout | undefined = undefined;
    const request = send(target.url, target.options, response => {
      clearTimeout(deadline);
      // Then the deadline is on silence while the body arrives.
      request.setTimeout(limits.idleMs, () => {
        fail(new KubeTimeoutError(what, limits.idleMs, 'body'));
        request.destroy();
      });
      onResponse(response);
    });
    // Covers connect, TLS and the wait for headers, which a socket timeout
    // does not (it starts only once connected).
    deadline = setTimeout(() => {
      fail(new KubeTimeoutError(what, limits.headersMs));
      request.destroy();
    }, limits.headersMs);
    request.on('error', error => {
      clearTimeout(deadline);
      fail(error);
    });
    request.on('close', () => clearTimeout(deadline));
    request.end(target.body);
    return request;
  }
}

interface Target {
  url: URL;
  options: https.RequestOptions;
  body?: string;
}

interface RequestBody {
  contentType: string;
  text: string;
}
