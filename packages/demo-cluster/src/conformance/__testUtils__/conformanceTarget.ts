import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFor } from '../../__testUtils__/kubeClient';

/**
 * A Kubernetes API server the conformance scenarios run against: the demo
 * cluster, or the real kube-apiserver of the test environment. Both are
 * reached the same way: an HTTPS URL, a CA and bearer tokens.
 */
export interface ConformanceTarget {
  name: string;
  /** The API server URL a client is configured with. */
  url: string;
  caPem: string;
  /** May read and write the Argo CD and Flux kinds. */
  token: string;
  /** May only get, list and watch them. */
  readOnlyToken: string;
  /** A namespace to work in (the demo accepts any name; a real server needs it created). */
  createNamespace(): Promise<string>;
  stop(): Promise<void>;
}

export type TargetFactory = () => Promise<ConformanceTarget>;

export function clientConfig(
  target: ConformanceTarget,
  token = target.token,
): KubeConfig {
  return kubeConfigFor(target.url, token, target.caPem);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** One HTTP request as any client sends it; the body is parsed as JSON when it is JSON. */
export function rawRequest(
  target: ConformanceTarget,
  method: string,
  path: string,
  options: {
    body?: unknown;
    contentType?: string;
    token?: string | null;
    accept?: string;
  } = {},
): Promise<RawResponse> {
  const url = new URL(`${target.url}${path}`);
  const token = options.token === undefined ? target.token : options.token;
  const payload =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: target.caPem,
        headers: {
          Accept: options.accept ?? 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? { 'Content-Type': options.contentType ?? 'application/json' }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface WatchEvent {
  type: string;
  object: any;
}

/** A raw watch stream; events are collected as they arrive. */
export interface WatchStream {
  status: Promise<number>;
  events: WatchEvent[];
  /** Resolves once `count` events arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function watchStream(
  target: ConformanceTarget,
  path: string,
): WatchStream {
  const events: WatchEvent[] = [];
  const waiters: Array<() => void> = [];
  let resolveStatus!: (code: number) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>(r => (resolveStatus = r));
  const ended = new Promise<void>(r => (resolveEnded = r));
  const req = https.request(new URL(`${target.url}${path}`), {
    ca: target.caPem,
    headers: {
      Authorization: `Bearer ${target.token}`,
      Accept: 'application/json',
    },
  });
  req.on('response', res => {
    resolveStatus(res.statusCode ?? 0);
    let buffer = '';
    res.on('data', chunk => {
      buffer += chunk.toString('utf8');
      for (
        let newline = buffer.indexOf('\n');
        newline >= 0;
        newline = buffer.indexOf('\n')
      ) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) events.push(JSON.parse(line));
      }
      waiters.splice(0).forEach(wake => wake());
    });
    res.on('end', () => {
      resolveEnded();
      waiters.splice(0).forEach(wake => wake());
    });
    res.on('error', () => resolveEnded());
  });
  req.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });
  req.end();
  let closed = false;
  ended.then(() => (closed = true));
  return {
    status,
    events,
    ended,
    close: () => req.destroy(),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (closed)
          throw new Error(
            `the watch ended after ${
              events.length
            } of ${count} events: ${JSON.stringify(events)}`,
          );
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `got ${
              events.length
            } of ${count} watch events in ${timeoutMs} ms: ${JSON.stringify(
              events,
            )}`,
          );
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return events.slice(0, count);
    },
  };
}
