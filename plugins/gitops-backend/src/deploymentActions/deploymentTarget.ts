import type {
  Deployment,
  EntityDeploymentsResponse,
  GitOpsActionType,
} from '@gitops-console/plugin-gitops-common';
import { GITOPS_ACTIONS_BY_TOOL } from '@gitops-console/plugin-gitops-common';
import type { ClusterActionKind } from '../clusterWrites';
import { parseRepoUrl } from '../git/repoUrl';
import { clusterKindOf } from './clusterWriter';
import { ActionRequestError, notFound, unprocessable } from './errors';

/** Where a Git action writes: one repository and branch, its paths. */
export interface GitTarget {
  repoUrl: string;
  branch: string;
  /** One per Git source of the deployment in this repository. */
  paths: string[];
  /** The render inputs of those sources (paths in this repository). */
  renderInputs: string[];
  /** The revision the deployment runs, when it is a commit. */
  deployedRevision?: string;
}

/** The CD resource a cluster action patches. */
export interface ClusterTarget {
  cluster: string;
  kind: ClusterActionKind;
  namespace: string;
  name: string;
}

/**
 * The deployment a request names, from the entity's redacted deployments
 * answer (the one the read path serves): an id that is not in it is a 404,
 * whether it exists elsewhere or not.
 */
export function findDeployment(
  answer: EntityDeploymentsResponse,
  deploymentId: string,
): Deployment {
  const deployment = answer.deployments.find(d => d.id === deploymentId);
  if (deployment) return deployment;
  if (answer.computing) {
    throw new ActionRequestError(
      503,
      'ServiceUnavailableError',
      `The deployments of ${answer.entityRef} are still being computed; try again in a few seconds`,
      { field: 'deploymentId' },
    );
  }
  throw notFound(
    'deploymentId',
    `${answer.entityRef} has no deployment ${JSON.stringify(deploymentId)}`,
  );
}

export function toolOf(deployment: Deployment): 'argocd' | 'flux' {
  return deployment.kind === 'argocd-application' ? 'argocd' : 'flux';
}

/** 422 when the CD tool has no such action (a Flux `sync`, an Argo `suspend`). */
export function checkTypeFitsTool(
  deployment: Deployment,
  type: GitOpsActionType,
) {
  const tool = toolOf(deployment);
  if (!GITOPS_ACTIONS_BY_TOOL[tool].includes(type)) {
    throw unprocessable(
      'type',
      'type-not-for-tool',
      `${type} does not fit ${
        tool === 'argocd' ? 'Argo CD' : 'Flux'
      } deployment ${deployment.id}; it offers ${GITOPS_ACTIONS_BY_TOOL[
        tool
      ].join(', ')}`,
    );
  }
}

const SHA = /^[0-9a-f]{7,40}$/i;

/** The branch a source tracks, or a 422 saying why a commit cannot go there. */
function trackedBranch(deployment: Deployment, ref: string | undefined) {
  const value = (ref ?? '').replace(/^refs\/heads\//, '');
  if (!value || value === 'HEAD') {
    throw unprocessable(
      'deploymentId',
      'no-tracked-branch',
      `${deployment.id} tracks the repository's default branch (HEAD) rather than a named branch; set its target revision to the branch to roll back through Git`,
    );
  }
  if (SHA.test(value) || value.startsWith('refs/')) {
    throw unprocessable(
      'deploymentId',
      'pinned-revision',
      `${deployment.id} is pinned to ${value}, not a branch: a commit cannot change what it deploys; change the pinned revision instead`,
    );
  }
  return value;
}

/**
 * The Git side of a deployment: the first Git source with a path, and every
 * other Git source of the same repository and branch (a multi-source
 * Application restores each). No Git source (a Helm repository or OCI
 * chart) is a 422.
 */
export function gitTargetOf(deployment: Deployment): GitTarget {
  const single = deployment.source ? [deployment.source] : [];
  const sources = deployment.sources.length ? deployment.sources : single;
  const first = sources.find(s => s.type === 'git' && s.path !== undefined);
  if (!first) {
    const kinds = [...new Set(sources.map(s => s.type))].join(', ') || 'none';
    throw unprocessable(
      'deploymentId',
      'no-git-source',
      `${deployment.id} has no Git source to roll back (its sources: ${kinds}); roll back its chart or artifact version instead`,
    );
  }
  const branch = trackedBranch(deployment, first.ref);
  const key = parseRepoUrl(first.repoURL).key;
  const same = sources.filter(
    s =>
      s.type === 'git' &&
      s.path !== undefined &&
      parseRepoUrl(s.repoURL).key === key &&
      (s.ref ?? '').replace(/^refs\/heads\//, '') === branch,
  );
  const paths = [...new Set(same.map(s => s.path!))];
  const renderInputs = [
    ...new Set(same.flatMap(s => s.renderInputs?.paths ?? [s.path!])),
  ];
  return {
    repoUrl: first.repoURL,
    branch,
    paths,
    renderInputs,
    deployedRevision: first.deployedRevision,
  };
}

/** The CD resource of a deployment, as the cluster writer addresses it. */
export function clusterTargetOf(deployment: Deployment): ClusterTarget {
  return {
    cluster: deployment.cluster,
    kind: clusterKindOf(deployment.kind),
    namespace: deployment.namespace,
    name: deployment.name,
  };
}
