import type { Entity } from '@backstage/catalog-model';
import {
  GITOPS_ANNOTATIONS,
  parseCommaList,
  redactValue,
  type Deployment,
  type EntityDeploymentsResponse,
  type LocatorProblem,
} from '@gitops-console/plugin-gitops-common';
import { matchesQuery, type ResourceQuery } from '../locator/locateResources';
import type { IndexedResource } from './ResourceMatcher';

/** What an answer says besides its deployments, read when it is assembled. */
export interface AnswerInputs {
  /** Names of the clusters that cannot be read right now. */
  unreadableClusters: () => string[];
  /** Why a repository's answers come from the cache, when they do. */
  gitStaleness: (
    repoUrl: string,
  ) => { reason: string; since: string } | undefined;
  /** The opaque signals channel of an entity. */
  signalChannel: (entityRef: string) => string;
}

export const NO_MATCH_REASON =
  'The GitOps annotations of this entity name no Argo CD or Flux resource.';

/**
 * An entity's answer from its built deployments: ordered by environment,
 * with the annotations that matched nothing and why parts may be stale.
 */
export function assembleEntityAnswer(options: {
  entityRef: string;
  entity: Entity;
  queries: ResourceQuery[];
  resources: IndexedResource[];
  deployments: Deployment[];
  inputs: AnswerInputs;
}): EntityDeploymentsResponse {
  const { entityRef, entity, queries, resources, inputs } = options;
  const deployments = [...options.deployments].sort(environmentOrder(entity));
  // Messages quote annotation values and Git errors: no credentials in them.
  const staleReasons = redactValue(staleReasonsOf(deployments, inputs));
  return {
    entityRef,
    observedAt: new Date().toISOString(),
    deployments,
    problems: redactValue(
      problemsOf(queries, resources, inputs.unreadableClusters()),
    ),
    ...(deployments.length === 0 &&
      queries.length === 0 && { reason: NO_MATCH_REASON }),
    ...(staleReasons.length > 0 && { stale: true, staleReasons }),
    signalChannel: inputs.signalChannel(entityRef),
  };
}

function problemsOf(
  queries: ResourceQuery[],
  resources: IndexedResource[],
  unreachable: string[],
): LocatorProblem[] {
  const problems: LocatorProblem[] = [];
  for (const query of queries) {
    if (resources.some(r => matchesQuery(query, r))) continue;
    const what = query.name
      ? `no Argo CD Application named '${query.name}'${
          query.namespace ? ` in namespace ${query.namespace}` : ''
        }`
      : `no resource matches '${query.value}'`;
    const maybe = unreachable.length
      ? `; cluster(s) ${unreachable.join(
          ', ',
        )} could not be read, so it may be there`
      : '';
    problems.push({
      annotation: query.annotation,
      value: query.value,
      message: `${what} in any reachable cluster${maybe}`,
    });
  }
  return problems;
}

function staleReasonsOf(deployments: Deployment[], inputs: AnswerInputs) {
  const repos = new Set(
    deployments.flatMap(d =>
      d.sources.filter(s => s.type === 'git').map(s => s.repoURL),
    ),
  );
  const reasons: string[] = [];
  for (const repo of repos) {
    const staleness = inputs.gitStaleness(repo);
    if (staleness)
      reasons.push(`${staleness.reason} (since ${staleness.since})`);
  }
  for (const d of deployments) {
    const first = d.drift.reasons[0];
    if (d.drift.state === 'unknown' && first?.code === 'cluster-unreachable') {
      reasons.push(`cluster ${d.cluster}: ${first.message}`);
    }
  }
  return [...new Set(reasons)];
}

function environmentOrder(entity: Entity) {
  const order = parseCommaList(
    entity.metadata.annotations?.[GITOPS_ANNOTATIONS.environments],
  );
  const rank = (d: Deployment) => {
    const i = d.environment ? order.indexOf(d.environment) : -1;
    return i === -1 ? order.length : i;
  };
  return (a: Deployment, b: Deployment) =>
    rank(a) - rank(b) ||
    (a.environment ?? '').localeCompare(b.environment ?? '') ||
    a.cluster.localeCompare(b.cluster) ||
    a.name.localeCompare(b.name);
}
