import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  GITOPS_ANNOTATIONS,
  isGitOpsAvailable,
  parseCommaList,
  type ArgoApplication,
  type Deployment,
  type EntityDeploymentsResponse,
  type EntityHistoryResponse,
  type FluxHelmRelease,
  type FluxKustomization,
  type LocatorProblem,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { ClusterChange, ClusterIndex } from '../cluster/ClusterIndex';
import type { KubeObject } from '../cluster/kubeObject';
import type { GitOpsClusterConfig } from '../config/readClusters';
import { GitRepositoryNotAllowedError } from '../git/errors';
import { InvalidRepoUrlError } from '../git/repoUrl';
import {
  locateResources,
  matchesQuery,
  type ResourceQuery,
} from '../locator/locateResources';
import { buildArgoDeployment } from './buildArgoDeployment';
import type { CommitUrlResolver } from './commitLinks';
import { withCommitLinks } from './commitLinks';
import type { BuildContext } from './buildContext';
import {
  buildHelmReleaseDeployment,
  buildKustomizationDeployment,
} from './buildFluxDeployment';

const DEPLOYMENT_KINDS = [
  'argocd-application',
  'flux-kustomization',
  'flux-helmrelease',
] as const;

type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

interface Match {
  cluster: string;
  kind: DeploymentKind;
  object: KubeObject;
}

export interface DeploymentServiceOptions {
  index: ClusterIndex;
  git: GitProvider;
  clusters: GitOpsClusterConfig[];
  logger: LoggerService;
  /** History entries per deployment joined with commit metadata. */
  historyLimit?: number;
  /** How long an entity's answer is reused while nothing changes. */
  cacheSeconds?: number;
  /** Commit links for hosts whose provider gives none (plain Git). */
  commitUrl?: CommitUrlResolver;
}

/** Errors that must fail the whole request rather than one deployment. */
export function isFatalGitError(error: unknown): boolean {
  return (
    error instanceof GitRepositoryNotAllowedError ||
    error instanceof InvalidRepoUrlError
  );
}

function objectKey(cluster: string, kind: string, ns: string, name: string) {
  return `${cluster}/${kind}/${ns}/${name}`;
}

/**
 * Joins the cluster index with Git: the deployments of an entity, their
 * drift and pending commits, history, and the problems of its annotations.
 * Answers are cached per entity and dropped as soon as the cluster index
 * reports a change to one of its resources (or any resource appears or
 * disappears), so page views stay free of Kubernetes calls and fresh.
 */
export class DeploymentService {
  private readonly cache = new Map<
    string,
    {
      at: number;
      clusterHealth: string;
      value: Promise<EntityDeploymentsResponse>;
    }
  >();
  private readonly entitiesByObject = new Map<string, Set<string>>();
  private readonly clusterConfigs: Map<string, GitOpsClusterConfig>;
  private readonly ttlMs: number;

  constructor(private readonly options: DeploymentServiceOptions) {
    this.clusterConfigs = new Map(options.clusters.map(c => [c.name, c]));
    this.ttlMs = (options.cacheSeconds ?? 15) * 1000;
    options.index.onChange(change => this.invalidate(change));
  }

  private invalidate(change: ClusterChange) {
    if (change.type !== 'MODIFIED') {
      this.cache.clear();
      this.entitiesByObject.clear();
      return;
    }
    const key = objectKey(
      change.cluster,
      change.kind,
      change.namespace,
      change.name,
    );
    for (const ref of this.entitiesByObject.get(key) ?? [])
      this.cache.delete(ref);
  }

  /** Drops cached answers, e.g. after a push webhook refreshed Git. */
  invalidateAll() {
    this.cache.clear();
  }

  async forEntity(entity: Entity): Promise<EntityDeploymentsResponse> {
    const ref = stringifyEntityRef(entity);
    // A cluster going down or coming back emits no resource event, so the
    // clusters' reachability is part of what a cached answer depends on.
    const clusterHealth = this.options.index
      .statuses()
      .map(s => `${s.name}:${s.reachable}:${s.errorCode ?? ''}`)
      .join(',');
    const cached = this.cache.get(ref);
    if (
      cached &&
      cached.clusterHealth === clusterHealth &&
      Date.now() - cached.at < this.ttlMs
    ) {
      return cached.value;
    }
    const value = this.compute(entity, ref);
    this.cache.set(ref, { at: Date.now(), clusterHealth, value });
    value.catch(() => this.cache.delete(ref));
    return value;
  }

  private async compute(
    entity: Entity,
    entityRef: string,
  ): Promise<EntityDeploymentsResponse> {
    const observedAt = new Date().toISOString();
    if (!isGitOpsAvailable(entity)) {
      return {
        entityRef,
        observedAt,
        deployments: [],
        problems: [],
        reason: `The entity has no GitOps annotations. Add ${GITOPS_ANNOTATIONS.argocdAppName}, ${GITOPS_ANNOTATIONS.argocdAppSelector}, ${GITOPS_ANNOTATIONS.kubernetesId} or ${GITOPS_ANNOTATIONS.kubernetesLabelSelector}.`,
      };
    }
    // Throws InvalidAnnotationError (400) for a malformed annotation.
    const queries = locateResources(entity);
    const matches = this.match(queries);
    for (const m of matches) {
      const key = objectKey(
        m.cluster,
        m.kind,
        m.object.metadata.namespace ?? '',
        m.object.metadata.name,
      );
      if (!this.entitiesByObject.has(key))
        this.entitiesByObject.set(key, new Set());
      this.entitiesByObject.get(key)!.add(entityRef);
    }

    const resolve = this.options.commitUrl;
    const deployments = (
      await Promise.all(matches.map(m => this.build(m)))
    ).map(d => (resolve ? withCommitLinks(d, resolve) : d));
    deployments.sort(this.environmentOrder(entity));

    const staleReasons = this.staleReasons(deployments);
    return {
      entityRef,
      observedAt,
      deployments,
      problems: this.problems(queries, matches),
      ...(deployments.length === 0 &&
        queries.length === 0 && {
          reason:
            'The GitOps annotations of this entity name no Argo CD or Flux resource.',
        }),
      ...(staleReasons.length > 0 && { stale: true, staleReasons }),
    };
  }

  async historyForEntity(
    entity: Entity,
    options: { limit: number; cursor?: string },
  ): Promise<EntityHistoryResponse> {
    const response = await this.forEntity(entity);
    const items = response.deployments
      .flatMap(d =>
        d.history.map(h => ({
          ...h,
          deploymentId: d.id,
          cluster: d.cluster,
          environment: d.environment,
        })),
      )
      .sort((a, b) => (b.deployedAt ?? '').localeCompare(a.deployedAt ?? ''));
    const offset = options.cursor
      ? Number(Buffer.from(options.cursor, 'base64url').toString()) || 0
      : 0;
    const page = items.slice(offset, offset + options.limit);
    const next = offset + options.limit;
    return {
      entityRef: response.entityRef,
      observedAt: response.observedAt,
      items: page,
      ...(next < items.length && {
        nextCursor: Buffer.from(String(next)).toString('base64url'),
      }),
      ...(response.stale && {
        stale: true,
        staleReasons: response.staleReasons,
      }),
    };
  }

  private match(queries: ResourceQuery[]): Match[] {
    const result: Match[] = [];
    for (const kind of DEPLOYMENT_KINDS) {
      if (!queries.some(q => q.kinds.includes(kind))) continue;
      for (const { cluster, object } of this.options.index.objects(kind)) {
        const resource = {
          kind,
          namespace: object.metadata.namespace ?? '',
          name: object.metadata.name,
          labels: object.metadata.labels,
          project: object.spec?.project,
        };
        if (queries.some(q => matchesQuery(q, resource))) {
          result.push({ cluster, kind, object });
        }
      }
    }
    return result;
  }

  private problems(
    queries: ResourceQuery[],
    matches: Match[],
  ): LocatorProblem[] {
    const unreachable = this.options.index
      .statuses()
      .filter(s => !s.reachable || s.errorCode !== undefined)
      .map(s => s.name);
    const problems: LocatorProblem[] = [];
    for (const query of queries) {
      const found = matches.some(m =>
        matchesQuery(query, {
          kind: m.kind,
          namespace: m.object.metadata.namespace ?? '',
          name: m.object.metadata.name,
          labels: m.object.metadata.labels,
          project: m.object.spec?.project,
        }),
      );
      if (found) continue;
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

  private async build(match: Match): Promise<Deployment> {
    const config = this.clusterConfigs.get(match.cluster);
    const ctx: BuildContext = {
      cluster: match.cluster,
      status: this.options.index.status(match.cluster)!,
      environment: config?.environment,
      argocdUrl: config?.argocdUrl,
      git: this.options.git,
      index: this.options.index,
      isFatal: isFatalGitError,
      historyLimit: this.options.historyLimit ?? 10,
    };
    switch (match.kind) {
      case 'argocd-application':
        return buildArgoDeployment(
          ctx,
          match.object as unknown as ArgoApplication,
        );
      case 'flux-kustomization':
        return buildKustomizationDeployment(
          ctx,
          match.object as unknown as FluxKustomization,
        );
      default:
        return buildHelmReleaseDeployment(
          ctx,
          match.object as unknown as FluxHelmRelease,
        );
    }
  }

  private staleReasons(deployments: Deployment[]): string[] {
    const repos = new Set(
      deployments.flatMap(d =>
        d.sources.filter(s => s.type === 'git').map(s => s.repoURL),
      ),
    );
    const reasons: string[] = [];
    for (const repo of repos) {
      try {
        const staleness = this.options.git.getStaleness(repo);
        if (staleness)
          reasons.push(`${staleness.reason} (since ${staleness.since})`);
      } catch {
        // A repository that may not be read has already failed the request.
      }
    }
    for (const d of deployments) {
      if (
        d.drift.state === 'unknown' &&
        d.drift.reasons[0]?.code === 'cluster-unreachable'
      ) {
        reasons.push(`cluster ${d.cluster}: ${d.drift.reasons[0].message}`);
      }
    }
    return [...new Set(reasons)];
  }

  private environmentOrder(entity: Entity) {
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
}
