import type {
  ActionCreateRequest,
  ActionWarning,
  Deployment,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import { isGitActionType } from '@gitops-console/plugin-gitops-common';
import type { ActionRecordStore } from '../actionRecords';
import type {
  DeliveryMode,
  GitActionPlan,
  GitActionRequest,
} from '../gitWrites';
import {
  autoSyncWarning,
  openActionWarning,
  planWarnings,
  samePathDeploymentIds,
} from './actionWarnings';
import type {
  ClusterActionRequest,
  ClusterActionType,
  ClusterActionWriterLike,
} from './clusterWriter';
import {
  checkTypeFitsTool,
  clusterTargetOf,
  findDeployment,
  gitTargetOf,
} from './deploymentTarget';
import { ActionRequestError, unprocessable } from './errors';
import type { GitActionWriterLike, GitWriters } from './gitWriters';

/** An action computed and checked, ready to preview or to record. */
export type PreparedAction = {
  deployment: Deployment;
  warnings: ActionWarning[];
} & (
  | {
      kind: 'git';
      request: GitActionRequest;
      plan: GitActionPlan;
      writer: GitActionWriterLike;
      delivery: DeliveryMode;
    }
  | { kind: 'cluster'; request: ClusterActionRequest; effect: string }
);

export interface PrepareDependencies {
  git: GitWriters;
  cluster?: ClusterActionWriterLike;
  store: ActionRecordStore;
}

/** The Git request for an action on a deployment. */
export function gitRequestFor(
  deployment: Deployment,
  action: Pick<
    ActionCreateRequest,
    'type' | 'targetRevision' | 'commit' | 'expectedHead'
  >,
): GitActionRequest {
  const target = gitTargetOf(deployment);
  const common = {
    repoUrl: target.repoUrl,
    branch: target.branch,
    paths: target.paths,
    ...(action.expectedHead !== undefined && {
      expectedHead: action.expectedHead,
    }),
  };
  return action.type === 'rollback'
    ? {
        ...common,
        type: 'rollback',
        targetRevision: action.targetRevision!,
        renderInputs: target.renderInputs,
      }
    : { ...common, type: 'revert-commit', commit: action.commit! };
}

export function clusterRequestFor(
  deployment: Deployment,
  action: Pick<ActionCreateRequest, 'type' | 'targetRevision'>,
  username: string,
): ClusterActionRequest {
  return {
    ...clusterTargetOf(deployment),
    action: action.type as ClusterActionType,
    ...(action.targetRevision !== undefined && {
      revision: action.targetRevision,
    }),
    username,
  };
}

/**
 * Everything a request is checked against before anything is written:
 * the deployment is in the entity's answer (404), the type fits its CD
 * tool (422), and for Git actions the plan itself (a target outside the
 * path's history or already deployed: 422; a stale expectedHead or a
 * conflicting revert: 409). Computes the warnings on the way.
 */
export async function prepareAction(
  deps: PrepareDependencies,
  answer: EntityDeploymentsResponse,
  action: ActionCreateRequest,
  username: string,
): Promise<PreparedAction> {
  const deployment = findDeployment(answer, action.deploymentId);
  checkTypeFitsTool(deployment, action.type);
  const open = await deps.store.listOpen({
    deploymentIds: samePathDeploymentIds(answer, deployment),
  });
  if (isGitActionType(action.type)) {
    const request = gitRequestFor(deployment, action);
    const { writer, delivery } = deps.git.forRepository(request.repoUrl);
    const plan = await writer.preview(request);
    const deployed = gitTargetOf(deployment).deployedRevision;
    if (
      request.type === 'rollback' &&
      plan.target &&
      deployed &&
      plan.target.toLowerCase() === deployed.toLowerCase()
    ) {
      throw unprocessable(
        'targetRevision',
        'already-deployed',
        `${plan.target.slice(0, 12)} is the revision ${
          deployment.id
        } runs already`,
      );
    }
    const warnings = [
      ...planWarnings(plan),
      ...[autoSyncWarning(deployment), openActionWarning(open)].filter(
        (w): w is ActionWarning => w !== undefined,
      ),
    ];
    return {
      kind: 'git',
      deployment,
      request,
      plan,
      writer,
      delivery,
      warnings,
    };
  }
  if (!deps.cluster) {
    throw new ActionRequestError(
      503,
      'ServiceUnavailableError',
      `Cluster actions are not available in this backend`,
      { field: 'type' },
    );
  }
  const request = clusterRequestFor(deployment, action, username);
  const effect = await deps.cluster.describe(request);
  const warning = openActionWarning(open.filter(r => r.type !== action.type));
  return {
    kind: 'cluster',
    deployment,
    request,
    effect,
    warnings: warning ? [warning] : [],
  };
}
