import type { KubeObject } from '../cluster/kubeObject';
import { assertActionFits } from './actionFit';
import { ClusterActionConflictError, ClusterActionUnfitError } from './errors';
import { fluxSourceOf } from './fluxSourceOf';
import { apiResourceFor, describeRef, type ObjectRef } from './resourcePaths';
import type { ClusterActionRequest } from './types';

export const ARGOCD_REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
export const FLUX_RECONCILE_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
/** Named in the operation's `info`, as `argocd app sync --info` would. */
export const SYNC_INFO = {
  name: 'Initiated from',
  value: 'Backstage GitOps Console',
};

/** One JSON merge patch of one object. */
export interface PlannedPatch {
  target: ObjectRef;
  patch: Record<string, unknown>;
}

export interface ClusterPatchPlan {
  /** In the order to write: a Flux source before its object. */
  patches: PlannedPatch[];
  /** One line saying what the patches do. */
  effect: string;
}

/** A revision as people read it: 40-hex SHAs shortened, names kept. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** The object the request names. */
export function requestedRef(req: ClusterActionRequest): ObjectRef {
  assertActionFits(req.kind, req.action);
  return {
    ...apiResourceFor(req.kind)!,
    namespace: req.namespace,
    name: req.name,
  };
}

/**
 * What an action would write, from the request alone: the preview's line.
 * Throws ClusterActionUnfitError for an action the kind does not take.
 */
export function describeClusterAction(req: ClusterActionRequest): string {
  const self = describeRef(requestedRef(req));
  switch (req.action) {
    case 'sync':
      return `sets operation.sync on ${self} (${
        req.revision
          ? `revision ${shortRevision(req.revision)}`
          : 'its target revision'
      })`;
    case 'refresh':
      return `sets annotation ${ARGOCD_REFRESH_ANNOTATION}=normal on ${self}`;
    case 'reconcile':
      return `sets annotation ${FLUX_RECONCILE_ANNOTATION} on ${self} and on its source`;
    case 'suspend':
      return `sets spec.suspend=true on ${self}`;
    case 'resume':
    default:
      return `sets spec.suspend=false on ${self}`;
  }
}

function annotate(key: string, value: string): Record<string, unknown> {
  return { metadata: { annotations: { [key]: value } } };
}

/**
 * The operation Argo CD's API server would set for a sync: who asked, the
 * revision (or each source's target revision of a multi-source
 * Application), and the Application's retry policy. The object's
 * resourceVersion is a precondition, so an operation set by someone else
 * between our read and our write gives 409 rather than being overwritten.
 */
function planSync(
  req: ClusterActionRequest,
  current: KubeObject,
  self: string,
): ClusterPatchPlan {
  const app = current as any;
  if (app.operation) {
    throw new ClusterActionConflictError(
      'operation-in-progress',
      `${self} has an operation in progress already (initiated by ${
        app.operation.initiatedBy?.username ??
        (app.operation.initiatedBy?.automated ? 'automated sync' : 'someone')
      }); wait until it ends`,
    );
  }
  const sources: any[] | undefined = Array.isArray(app.spec?.sources)
    ? app.spec.sources
    : undefined;
  const sync: Record<string, unknown> = {};
  let revisionText: string;
  if (sources?.length) {
    if (req.revision) {
      throw new ClusterActionUnfitError(
        `${self} has ${sources.length} sources; a single revision cannot name them all, so sync it without one (each source at its targetRevision)`,
        'revision',
      );
    }
    sync.revisions = sources.map(s => String(s?.targetRevision ?? 'HEAD'));
    revisionText = `revisions ${(sync.revisions as string[])
      .map(shortRevision)
      .join(', ')}`;
  } else {
    const revision =
      req.revision ?? String(app.spec?.source?.targetRevision || 'HEAD');
    sync.revision = revision;
    revisionText = `revision ${shortRevision(revision)}`;
  }
  const operation: Record<string, unknown> = {
    initiatedBy: { username: req.username },
    info: [SYNC_INFO],
    sync,
  };
  const retry = app.spec?.syncPolicy?.retry;
  if (retry) operation.retry = retry;
  return {
    patches: [
      {
        target: requestedRef(req),
        patch: {
          metadata: { resourceVersion: current.metadata.resourceVersion },
          operation,
        },
      },
    ],
    effect: `set operation.sync on ${self} (${revisionText}) for ${req.username}`,
  };
}

function planReconcile(
  req: ClusterActionRequest,
  current: KubeObject,
  self: string,
  now: Date,
): ClusterPatchPlan {
  if ((current as any).spec?.suspend === true) {
    throw new ClusterActionConflictError(
      'suspended',
      `${self} is suspended, so Flux would not reconcile it; resume it first`,
    );
  }
  const requestedAt = now.toISOString();
  const patch = annotate(FLUX_RECONCILE_ANNOTATION, requestedAt);
  const source = fluxSourceOf(req.kind, current);
  const patches: PlannedPatch[] = [];
  let sourceText: string;
  if (source.ref) {
    patches.push({ target: source.ref, patch });
    sourceText = `and on its source ${describeRef(source.ref)}`;
  } else {
    sourceText = `(its source ${describeRef(source.skipped)} is left alone: ${
      source.skipped.why
    })`;
  }
  patches.push({ target: requestedRef(req), patch });
  return {
    patches,
    effect: `set annotation ${FLUX_RECONCILE_ANNOTATION}=${requestedAt} on ${self} ${sourceText}`,
  };
}

/**
 * The merge patches an action writes, given the object as the cluster holds
 * it now. Pure: refusals (422 unfit, 409 conflict) are thrown before
 * anything is written.
 */
export function planClusterPatch(
  req: ClusterActionRequest,
  current: KubeObject,
  now: Date,
): ClusterPatchPlan {
  const target = requestedRef(req);
  const self = describeRef(target);
  switch (req.action) {
    case 'sync':
      return planSync(req, current, self);
    case 'refresh':
      return {
        patches: [
          { target, patch: annotate(ARGOCD_REFRESH_ANNOTATION, 'normal') },
        ],
        effect: `set annotation ${ARGOCD_REFRESH_ANNOTATION}=normal on ${self}`,
      };
    case 'reconcile':
      return planReconcile(req, current, self, now);
    case 'suspend':
    case 'resume': {
      const suspend = req.action === 'suspend';
      const already = Boolean((current as any).spec?.suspend) === suspend;
      return {
        patches: [{ target, patch: { spec: { suspend } } }],
        effect: `set spec.suspend=${suspend} on ${self}${
          already
            ? ` (it was ${suspend ? 'suspended' : 'running'} already)`
            : ''
        }`,
      };
    }
    default:
      throw new ClusterActionUnfitError(
        `'${String(req.action)}' is not a cluster action`,
      );
  }
}
