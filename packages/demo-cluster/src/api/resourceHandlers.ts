import type { IncomingMessage, ServerResponse } from 'node:http';
import { ResourceType } from '../crd/resourceType';
import {
  Cluster,
  ListOptions,
  PatchType,
  WriteOptions,
} from '../store/cluster';
import { KubeObject } from '../store/kubeObject';
import { ApiUser } from './auth';
import { apiErrors } from './apiError';
import { parseFieldSelector } from './fieldSelector';
import { parseLabelSelector } from './labelSelector';
import { toTable, wantsTable } from './table';
import { isWatchRequest, serveWatch } from './watch';

/** One request to a resource path, already routed and authenticated. */
export interface ResourceRequest {
  cluster: Cluster;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: 'status';
  query: URLSearchParams;
  user: ApiUser;
  req: IncomingMessage;
  res: ServerResponse;
  readBody: () => Promise<unknown>;
  bookmarkIntervalMs: number;
}

export interface Reply {
  status: number;
  body: unknown;
  warnings?: string[];
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
};

function listOptions(r: ResourceRequest): ListOptions {
  return {
    namespace: r.namespace,
    labelSelector: parseLabelSelector(
      r.query.get('labelSelector') ?? undefined,
    ),
    fieldSelector: parseFieldSelector(
      r.query.get('fieldSelector') ?? undefined,
    ),
  };
}

function writeOptions(r: ResourceRequest): WriteOptions {
  const fieldValidation = r.query.get('fieldValidation');
  return {
    dryRun: r.query.getAll('dryRun').includes('All'),
    fieldValidation:
      fieldValidation === 'Strict' ||
      fieldValidation === 'Ignore' ||
      fieldValidation === 'Warn'
        ? fieldValidation
        : 'Warn',
    subresource: r.subresource,
  };
}

const VERB_BY_METHOD: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

function requireWrite(r: ResourceRequest, method: string): void {
  if (!r.user.canWrite) {
    throw apiErrors.forbidden(
      r.user.name,
      VERB_BY_METHOD[method] ?? method.toLowerCase(),
      r.type,
      r.namespace,
      r.name,
    );
  }
}

/** `limit` and `continue`: key order, with the next key as the token. */
function paginate(
  items: KubeObject[],
  r: ResourceRequest,
): { page: KubeObject[]; next?: string; remaining?: number } {
  const limit = Number(r.query.get('limit') ?? 0);
  const token = r.query.get('continue');
  let start = 0;
  if (token) {
    let after: string;
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString()).after;
    } catch {
      throw apiErrors.badRequest(
        'continue key is not valid: illegal base64 data',
      );
    }
    const key = (o: KubeObject) =>
      `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    start = items.findIndex(item => key(item) > after);
    if (start === -1) start = items.length;
  }
  if (!(limit > 0) || start + limit >= items.length)
    return { page: items.slice(start) };
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  const next = Buffer.from(
    JSON.stringify({
      after: `${last.metadata.namespace ?? ''}/${last.metadata.name}`,
    }),
  ).toString('base64url');
  return { page, next, remaining: items.length - start - limit };
}

function list(r: ResourceRequest): Reply {
  const { cluster, type } = r;
  const resourceVersion = String(cluster.store.resourceVersion);
  const { page, next, remaining } = paginate(
    cluster.list(type, listOptions(r)),
    r,
  );
  if (wantsTable(r.req.headers.accept))
    return { status: 200, body: toTable(type, page, resourceVersion) };
  return {
    status: 200,
    body: {
      apiVersion: type.apiVersion,
      kind: type.listKind,
      metadata: {
        resourceVersion,
        ...(next ? { continue: next, remainingItemCount: remaining } : {}),
      },
      items: page,
    },
  };
}

function parseTimeout(value: string | null): number | undefined {
  return value === null ? undefined : Number(value);
}

async function handleCollection(
  r: ResourceRequest,
  method: string,
): Promise<Reply | undefined> {
  if (method === 'GET') {
    if (!isWatchRequest(r.query)) return list(r);
    serveWatch(
      r.cluster,
      {
        type: r.type,
        filter: listOptions(r),
        resourceVersion: r.query.get('resourceVersion') ?? undefined,
        allowBookmarks: r.query.get('allowWatchBookmarks') === 'true',
        sendInitialEvents: r.query.get('sendInitialEvents') === 'true',
        timeoutSeconds: parseTimeout(r.query.get('timeoutSeconds')),
        bookmarkIntervalMs: r.bookmarkIntervalMs,
      },
      r.res,
    );
    return undefined;
  }
  if (method === 'POST') {
    if (r.type.namespaced && r.namespace === undefined)
      throw apiErrors.methodNotAllowed();
    requireWrite(r, method);
    const { object, warnings } = r.cluster.create(
      r.type,
      r.namespace,
      await r.readBody(),
      writeOptions(r),
    );
    return { status: 201, body: object, warnings };
  }
  if (method === 'DELETE') {
    requireWrite(r, method);
    const deleted = r.cluster
      .list(r.type, listOptions(r))
      .map(object =>
        r.cluster.delete(
          r.type,
          object.metadata.namespace,
          object.metadata.name,
          writeOptions(r),
        ),
      );
    return {
      status: 200,
      body: {
        apiVersion: r.type.apiVersion,
        kind: r.type.listKind,
        metadata: { resourceVersion: String(r.cluster.store.resourceVersion) },
        items: deleted,
      },
    };
  }
  throw apiErrors.methodNotAllowed();
}

async function handleObject(
  r: ResourceRequest,
  method: string,
  name: string,
): Promise<Reply> {
  const { cluster, type, namespace } = r;
  if (method === 'GET') {
    const object = cluster.get(type, namespace, name);
    if (wantsTable(r.req.headers.accept)) {
      return {
        status: 200,
        body: toTable(type, [object], object.metadata.resourceVersion ?? ''),
      };
    }
    return { status: 200, body: object };
  }
  if (method === 'PUT') {
    requireWrite(r, method);
    const { object, warnings } = cluster.update(
      type,
      namespace,
      name,
      await r.readBody(),
      writeOptions(r),
    );
    return { status: 200, body: object, warnings };
  }
  if (method === 'PATCH') {
    const contentType = (r.req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const patchType = PATCH_TYPES[contentType];
    if (!patchType) throw apiErrors.unsupportedMediaType(contentType);
    requireWrite(r, method);
    const { object, warnings } = cluster.patch(
      type,
      namespace,
      name,
      patchType,
      await r.readBody(),
      writeOptions(r),
    );
    return { status: 200, body: object, warnings };
  }
  if (method === 'DELETE' && !r.subresource) {
    requireWrite(r, method);
    const deleted = cluster.delete(type, namespace, name, writeOptions(r));
    // Deleted at once (no finalizers): the API server answers with a Success Status.
    return {
      status: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name,
          group: type.group,
          kind: type.plural,
          uid: deleted.metadata.uid,
        },
      },
    };
  }
  throw apiErrors.methodNotAllowed();
}

/**
 * Serves list, watch, get, create, update, patch and delete for one custom
 * resource. Returns undefined when it has answered by itself (a watch).
 */
export async function handleResource(
  r: ResourceRequest,
): Promise<Reply | undefined> {
  const method = r.req.method ?? 'GET';
  if (r.type.namespaced && r.namespace === undefined && r.name !== undefined) {
    throw apiErrors.unknownResource();
  }
  if (r.name === undefined) return handleCollection(r, method);
  return handleObject(r, method, r.name);
}
