import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  ActionListResponse,
  ActionPermissionsResponse,
  ActionPreviewResponse,
  ActionRecordResponse,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import {
  GITOPS_ACTION_TYPES,
  isGitActionType,
  redactUrl,
} from '@gitops-console/plugin-gitops-common';
import type { Request } from 'express';
import type { ActionRecord, ActionRecordStore } from '../actionRecords';
import { toActionCommit } from './actionWarnings';
import type { ActionSignals } from './actionSignals';
import { audited } from './auditAction';
import type { ActionAuthorizer } from './authorizeAction';
import type { ClusterActionWriterLike } from './clusterWriter';
import { findDeployment } from './deploymentTarget';
import { ActionRequestError, notFound, toActionRequestError } from './errors';
import { executeRecord, failureText, type Execution } from './executeAction';
import type { GitWriters } from './gitWriters';
import {
  clusterRequestFor,
  gitRequestFor,
  prepareAction,
  type PreparedAction,
} from './prepareAction';
import { toRecordResponse } from './recordResponse';
import { isSameRequest, parseActionRequest } from './validateRequest';

export interface ActionsServiceOptions {
  /** The redacted answer the read path serves. */
  deployments: {
    forEntity(entity: Entity): Promise<EntityDeploymentsResponse>;
  };
  store: ActionRecordStore;
  authorizer: ActionAuthorizer;
  auditor: AuditorService;
  signals: ActionSignals;
  git: GitWriters;
  cluster?: ClusterActionWriterLike;
  logger: LoggerService;
  /** This process, as it claims the records it works on. */
  processId: string;
  /** The entity an action record names, read as this plugin (for execute). */
  lookupEntity: (entityRef: string) => Promise<Entity | undefined>;
  /** A link to the entity page, for pull request bodies. */
  entityUrl?: (entity: Entity) => string | undefined;
  /** How long a create request waits for the write before answering; default 30 s. */
  createWaitMs?: number;
  /** Told after a Git write (the plugin refreshes its Git cache of the repository). */
  afterGitWrite?: (repoUrl: string) => void;
}

/** Who is asking, as records and commits name them. */
export function requesterOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'unknown';
}

export interface CallerContext {
  credentials: BackstageCredentials;
  /** The entity, already known to be readable by the caller. */
  entity: Entity;
  request?: Request<any, any, any, any, any>;
}

/**
 * The actions of issue 12 on an entity the caller may read: preview,
 * create (one record per open action, then carried out), list and read.
 * Every preview and create is checked against the permission policy, every
 * create is audited, every status change is signalled.
 */
export class ActionsService {
  constructor(private readonly options: ActionsServiceOptions) {}

  async preview(
    caller: CallerContext,
    body: unknown,
  ): Promise<ActionPreviewResponse> {
    const action = parseActionRequest(body, { forCreate: false });
    await this.options.authorizer.authorize(
      caller.credentials,
      caller.entity,
      action.type,
    );
    const answer = await this.options.deployments.forEntity(caller.entity);
    const prepared = await prepareAction(
      this.options,
      answer,
      action,
      requesterOf(caller.credentials),
    );
    return previewOf(action.type, action.deploymentId, prepared);
  }

  /**
   * Creates the record (or finds the same open one: `created: false`) and
   * carries it out, answering once the write is done or after the wait
   * bound, whichever is first; the record is followed live either way.
   */
  async create(
    caller: CallerContext,
    body: unknown,
  ): Promise<{ record: ActionRecordResponse; created: boolean }> {
    const entityRef = stringifyEntityRef(caller.entity);
    const raw = (body ?? {}) as Record<string, unknown>;
    // Audited as asked, before any check: a malformed request too.
    const auditType = GITOPS_ACTION_TYPES.find(t => t === raw.type);
    const asked = [raw.targetRevision, raw.commit].find(
      (v): v is string => typeof v === 'string',
    );
    const outcome = await audited(
      this.options.auditor,
      {
        type: auditType,
        entityRef,
        deploymentId: String(raw.deploymentId ?? ''),
        target: asked,
        request: caller.request,
      },
      async () => {
        const result = await this.doCreate(caller, body);
        return {
          ...result,
          id: result.record.id,
          status: result.record.status,
        };
      },
    );
    return { record: outcome.record, created: outcome.created };
  }

  private async doCreate(caller: CallerContext, body: unknown) {
    const action = parseActionRequest(body, { forCreate: true });
    const { credentials, entity } = caller;
    const entityRef = stringifyEntityRef(entity);
    await this.options.authorizer.authorize(credentials, entity, action.type);
    const answer = await this.options.deployments.forEntity(entity);
    findDeployment(answer, action.deploymentId);
    // A repeated request finds its open record before planning: once the
    // first one committed, a new plan would say there is nothing to undo.
    const open = await this.options.store.listOpen({
      deploymentIds: [action.deploymentId],
    });
    const same = open.find(
      r => r.entityRef === entityRef && isSameRequest(r, action),
    );
    if (same) return { record: toRecordResponse(same), created: false };

    const requestedBy = requesterOf(credentials);
    const prepared = await prepareAction(
      this.options,
      answer,
      action,
      requestedBy,
    );
    const { record, created } = await this.options.store.createOrGetOpen({
      entityRef,
      deploymentId: action.deploymentId,
      type: action.type,
      targetRevision:
        prepared.kind === 'git'
          ? prepared.plan.target ?? null
          : action.targetRevision ?? null,
      commitShaTarget:
        prepared.kind === 'git' ? prepared.plan.commit ?? null : null,
      reason: action.reason ?? '',
      requestedBy,
      warnings: prepared.warnings as any,
      claimedBy: this.options.processId,
    });
    if (!created) {
      if (isSameRequest(record, action)) {
        return { record: toRecordResponse(record), created: false };
      }
      throw new ActionRequestError(
        409,
        'ConflictError',
        `Another action is open on ${action.deploymentId}: ${record.type} ${record.status} (${record.id}), requested by ${record.requestedBy}; wait for it to finish`,
        { field: 'deploymentId', code: 'other-action-open' },
      );
    }
    this.options.signals.recordChanged(record);
    const execution = this.executionOf(prepared, record, entity);
    const done = executeRecord(this.options, record, execution);
    const waited = await waitAtMost(done, this.options.createWaitMs ?? 30_000);
    // A refusal met while writing (the cluster's RBAC, a branch that moved)
    // is the request's answer; the record says `failed` with the cause.
    const refusal = waited?.error && toActionRequestError(waited.error);
    if (refusal) throw refusal;
    return {
      record: toRecordResponse(waited?.record ?? record),
      created: true,
    };
  }

  private executionOf(
    prepared: PreparedAction,
    record: ActionRecord,
    entity: Entity,
  ): Execution {
    if (prepared.kind === 'cluster') {
      return {
        kind: 'cluster',
        writer: this.options.cluster!,
        request: prepared.request,
      };
    }
    return {
      kind: 'git',
      writer: prepared.writer,
      // The write is checked against the head the plan saw.
      request: {
        ...prepared.request,
        expectedHead: prepared.plan.expectedHead,
      },
      context: {
        actionId: record.id,
        requestedBy: record.requestedBy,
        reason: record.reason,
        entityRef: record.entityRef,
        environment: prepared.deployment.environment,
        cluster: prepared.deployment.cluster,
        entityUrl: this.options.entityUrl?.(entity),
      },
    };
  }

  /**
   * Carries out a `requested` record this process has claimed (the
   * progress tracker's finisher calls it for records a dead process left).
   * The Git writers find a commit or pull request an earlier attempt made
   * by the action's trailer, so nothing is written twice. A record whose
   * entity or deployment is gone is failed with the reason.
   */
  async execute(record: ActionRecord): Promise<ActionRecord> {
    if (record.status !== 'requested') return record;
    const fail = async (message: string) => {
      if (
        await this.options.store.transition(
          record.id,
          ['requested'],
          'failed',
          {
            error: message,
          },
        )
      ) {
        const now = (await this.options.store.get(record.id)) ?? record;
        this.options.signals.recordChanged(now);
        return now;
      }
      return (await this.options.store.get(record.id)) ?? record;
    };
    try {
      const entity = await this.options.lookupEntity(record.entityRef);
      if (!entity)
        return await fail(`${record.entityRef} is no longer in the catalog`);
      const answer = await this.options.deployments.forEntity(entity);
      const deployment = answer.deployments.find(
        d => d.id === record.deploymentId,
      );
      if (!deployment) {
        return await fail(
          `${record.entityRef} no longer has deployment ${record.deploymentId}`,
        );
      }
      const action = {
        type: record.type,
        targetRevision: record.targetRevision ?? undefined,
        commit: record.commitShaTarget ?? undefined,
      };
      let execution: Execution;
      if (isGitActionType(record.type)) {
        const request = gitRequestFor(deployment, action);
        execution = {
          kind: 'git',
          writer: this.options.git.forRepository(request.repoUrl).writer,
          request,
          context: {
            actionId: record.id,
            requestedBy: record.requestedBy,
            reason: record.reason,
            entityRef: record.entityRef,
            environment: deployment.environment,
            cluster: deployment.cluster,
            entityUrl: this.options.entityUrl?.(entity),
          },
        };
      } else {
        if (!this.options.cluster)
          return await fail(
            'Cluster actions are not available in this backend',
          );
        execution = {
          kind: 'cluster',
          writer: this.options.cluster,
          request: clusterRequestFor(deployment, action, record.requestedBy),
        };
      }
      return (await executeRecord(this.options, record, execution)).record;
    } catch (error) {
      return fail(failureText(error));
    }
  }

  async list(
    entity: Entity,
    query: { deploymentId?: string; limit?: number; cursor?: string },
  ): Promise<ActionListResponse> {
    const page = await this.options.store.listForEntity(
      stringifyEntityRef(entity),
      query,
    );
    return {
      items: page.items.map(toRecordResponse),
      ...(page.nextCursor && { nextCursor: page.nextCursor }),
    };
  }

  /**
   * One record, for a caller who may read its entity (`canRead` answers
   * that); anyone else gets the same 404 as for an unknown id.
   */
  async get(
    id: string,
    canRead: (entityRef: string) => Promise<boolean>,
  ): Promise<ActionRecordResponse> {
    const record = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.options.store.get(id)
      : undefined;
    if (!record || !(await canRead(record.entityRef))) {
      throw notFound('id', `No action ${JSON.stringify(id.slice(0, 80))}`);
    }
    return toRecordResponse(record);
  }

  /**
   * Publishes a status change made elsewhere (the progress tracker, the
   * stale-record finisher) the same way as the service's own: a signal on
   * the entity's channel and every onRecordChanged listener.
   */
  recordChanged(record: ActionRecord): void {
    this.options.signals.recordChanged(record);
  }

  /** Hears every status change published through this service. */
  onRecordChanged(listener: (record: ActionRecord) => void): () => void {
    return this.options.signals.onRecordChanged(listener);
  }

  /** The records, for the progress tracker and the finisher. */
  get store(): ActionRecordStore {
    return this.options.store;
  }

  permissions(caller: CallerContext): Promise<ActionPermissionsResponse> {
    return this.options.authorizer.decisions(caller.credentials, caller.entity);
  }
}

function previewOf(
  type: ActionPreviewResponse['type'],
  deploymentId: string,
  prepared: PreparedAction,
): ActionPreviewResponse {
  if (prepared.kind === 'cluster') {
    return {
      type,
      deploymentId,
      target: 'cluster',
      commitsUndone: [],
      files: [],
      warnings: prepared.warnings,
      effect: prepared.effect,
    };
  }
  const { plan, request } = prepared;
  return {
    type,
    deploymentId,
    target: 'git',
    repoUrl: redactUrl(request.repoUrl),
    branch: plan.branch,
    paths: plan.paths,
    delivery: prepared.delivery,
    ...(plan.target && { targetRevision: plan.target }),
    ...(plan.commit && { commit: plan.commit }),
    expectedHead: plan.expectedHead,
    commitsUndone: plan.commitsUndone.map(toActionCommit),
    files: plan.files,
    warnings: prepared.warnings,
  };
}

/** The promise's value if it settles within `ms`, else undefined. */
async function waitAtMost<T>(promise: Promise<T>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
