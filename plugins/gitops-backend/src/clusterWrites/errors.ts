/**
 * Typed outcomes of a cluster action that did not happen. Each carries the
 * HTTP status the API answers with (`statusCode`, which Backstage's error
 * handler reads) and a stable `code`, so routes need not parse messages.
 * Messages quote the cluster's own words with credentials removed
 * (toClusterActionError.ts).
 */
export class ClusterActionError extends Error {
  readonly name: string = 'ClusterActionError';
  constructor(
    readonly statusCode: number,
    /** Stable code, e.g. `cluster-forbidden`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The cluster refused the backend's credentials (RBAC 403, or 401). */
export class ClusterActionForbiddenError extends ClusterActionError {
  readonly name = 'ClusterActionForbiddenError';
  constructor(
    message: string,
    /** What the cluster answered: 403, or 401 for a token it does not accept. */
    readonly clusterStatus: number = 403,
  ) {
    super(403, 'cluster-forbidden', message);
  }
}

/** The custom resource (or its Flux source), or the cluster, is not there. */
export class ClusterActionNotFoundError extends ClusterActionError {
  readonly name = 'ClusterActionNotFoundError';
  constructor(message: string) {
    super(404, 'cluster-resource-not-found', message);
  }
}

/** The action does not fit the kind or the object (sync on a Kustomization). */
export class ClusterActionUnfitError extends ClusterActionError {
  readonly name = 'ClusterActionUnfitError';
  constructor(
    message: string,
    /** The request field it is about. */
    readonly field: string = 'type',
  ) {
    super(422, 'action-unfit', message);
  }
}

/**
 * The object is not in a state where the action may start: an Argo CD
 * operation is already running, a Flux object is suspended (reconcile), or
 * it changed between our read and our patch. Nothing was written.
 */
export class ClusterActionConflictError extends ClusterActionError {
  readonly name = 'ClusterActionConflictError';
  constructor(
    /** `operation-in-progress`, `suspended` or `changed-meanwhile`. */
    readonly reason: string,
    message: string,
  ) {
    super(409, 'cluster-conflict', message);
  }
}

/** The cluster could not be reached, or did not answer within the timeout. */
export class ClusterActionUnavailableError extends ClusterActionError {
  readonly name = 'ClusterActionUnavailableError';
  constructor(message: string, readonly timeout = false) {
    super(503, 'cluster-unavailable', message);
  }
}

/** The cluster answered with an error none of the above covers. */
export class ClusterActionFailedError extends ClusterActionError {
  readonly name = 'ClusterActionFailedError';
  constructor(message: string, readonly clusterStatus?: number) {
    super(502, 'cluster-action-failed', message);
  }
}
