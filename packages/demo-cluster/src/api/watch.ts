import type { ServerResponse } from 'node:http';
import { ResourceType } from '../crd/resourceType';
import { Cluster, ListOptions, resourceKey } from '../store/cluster';
import { StoreEvent } from '../store/clusterStore';
import { KubeObject } from '../store/kubeObject';
import { apiErrors } from './apiError';

export interface WatchRequest {
  type: ResourceType;
  filter: ListOptions;
  /** Undefined when the client sent none. */
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** How a stored change looks through a filtered watch (or undefined: unseen). */
export function translateEvent(
  event: StoreEvent,
  matches: (o: KubeObject) => boolean,
): { type: WatchEventType; object: KubeObject } | undefined {
  const now = matches(event.object);
  const before = event.previous ? matches(event.previous) : false;
  switch (event.type) {
    case 'ADDED':
      return now ? { type: 'ADDED', object: event.object } : undefined;
    case 'DELETED':
      return before ? { type: 'DELETED', object: event.object } : undefined;
    default:
      if (now && before) return { type: 'MODIFIED', object: event.object };
      if (now) return { type: 'ADDED', object: event.object };
      if (before) return { type: 'DELETED', object: event.object };
      return undefined;
  }
}

function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value))
    throw apiErrors.badRequest(
      `invalid resource version: ${JSON.stringify(value)}`,
    );
  return Number(value);
}

/**
 * Serves one watch as a stream of JSON lines, with the semantics of the
 * API server's watch cache:
 * - no resourceVersion, or "0": the current objects as ADDED, then changes;
 * - sendInitialEvents=true: the same, then a BOOKMARK marked
 *   `k8s.io/initial-events-end`;
 * - a resourceVersion: the changes after it, or a single ERROR event
 *   carrying a 410 Expired Status when it is older than the kept window.
 */
export function serveWatch(
  cluster: Cluster,
  request: WatchRequest,
  res: ServerResponse,
): void {
  const { type, filter } = request;
  const matches = (object: KubeObject) => cluster.matches(object, filter);
  // Once the response has ended (timeout, client gone), nothing
  // may be written to it: a write after end raises an unhandled error from a
  // timer or store event and kills the process. Timers are cleared then, and
  // every write checks, since `finish` only comes once the data is flushed.
  let open = true;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  const stop = () => {
    if (!open) return;
    open = false;
    unsubscribe();
    timers.forEach(timer => clearTimeout(timer));
  };
  const end = () => {
    stop();
    if (!res.writableEnded && !res.destroyed) res.end();
  };
  res.on('close', stop);
  res.on('finish', stop);
  res.on('error', stop);
  if (res.destroyed) {
    // The client left before the watch began: no subscription, no timers.
    stop();
    return;
  }
  const send = (eventType: WatchEventType, object: unknown) => {
    if (!open || res.writableEnded || res.destroyed) return;
    res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    send('BOOKMARK', {
      kind: type.kind,
      apiVersion: type.apiVersion,
      metadata: {
        resourceVersion: String(cluster.store.resourceVersion),
        ...(annotations ? { annotations } : {}),
      },
    });

  if (request.sendInitialEvents && !request.allowBookmarks) {
    throw apiErrors.invalid(type, '', [
      {
        field: 'allowWatchBookmarks',
        reason: 'FieldValueRequired',
        message:
          'Required value: allowWatchBookmarks must be set to true when sendInitialEvents is set',
      },
    ]);
  }
  const startFrom =
    request.resourceVersion === undefined ||
    request.resourceVersion === '0' ||
    request.sendInitialEvents
      ? undefined
      : parseResourceVersion(request.resourceVersion);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  // Clients wait for the headers before they count the watch as started.
  res.flushHeaders();

  const backlog =
    startFrom === undefined ? [] : cluster.store.eventsSince(startFrom);
  if (backlog === undefined) {
    const error = apiErrors.expired(
      startFrom!,
      cluster.store.oldestWatchableResourceVersion,
    );
    send('ERROR', error.toStatus());
    end();
    return;
  }

  // Everything below runs in one tick, so no change can slip between the
  // initial state and the live subscription.
  unsubscribe = cluster.subscribe(event => {
    if (event.resource !== resourceKey(type)) return;
    const seen = translateEvent(event, matches);
    if (seen) send(seen.type, seen.object);
  });
  if (startFrom === undefined) {
    for (const object of cluster.list(type, filter)) send('ADDED', object);
    if (request.sendInitialEvents)
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    for (const event of backlog) {
      if (event.resource !== resourceKey(type)) continue;
      const seen = translateEvent(event, matches);
      if (seen) send(seen.type, seen.object);
    }
  }

  if (request.allowBookmarks) {
    timers.push(setInterval(() => bookmark(), request.bookmarkIntervalMs));
  }
  const timeoutMs = (request.timeoutSeconds ?? 1800) * 1000;
  timers.push(setTimeout(end, timeoutMs));
}

export function isWatchRequest(query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return watch === 'true' || watch === '1';
}
