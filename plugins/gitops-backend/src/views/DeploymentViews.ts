import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  Deployment,
  EntityDeploymentsResponse,
} from '@gitops-console/plugin-gitops-common';
import type { KubeObject } from '../cluster/kubeObject';
import type { RepositoryChange } from '../git/commitIndex/CommitIndex';
import {
  InvalidAnnotationError,
  locateResources,
  type ResourceQuery,
} from '../locator/locateResources';
import {
  assembleEntityAnswer,
  type AnswerInputs,
} from './assembleEntityAnswer';
import {
  dependenciesOf,
  laneOfObject,
  repositoryChangeFor,
  viewChangeOf,
  type ViewDependencies,
} from './viewDependencies';
import {
  QueryRegistry,
  ResourceMatcher,
  type IndexedResource,
} from './ResourceMatcher';
import { RecomputeQueue } from './RecomputeQueue';
import { failedDeployment } from './failedDeployment';
import { LruMap } from '../git/LruMap';

/** Told when an entity's answer changed; `first` for its first answer. */
export type AnswerListener = (
  entityRef: string,
  answer: EntityDeploymentsResponse | undefined,
  change: { first: boolean },
) => void;

/**
 * Told when a deployment view was built: the previous build (none on first
 * sight) and this one, with the entities showing it.
 */
export type DeploymentBuiltListener = (
  key: string,
  previous: Deployment | undefined,
  next: Deployment,
  entityRefs: ReadonlySet<string>,
) => void;

/** One deployment view: a CD resource as a Deployment, and what it read. */
interface DeploymentView {
  resource: IndexedResource;
  deployment?: Deployment;
  entities: Set<string>;
  deps: ViewDependencies;
  /** The build lane (its repository), once known. */
  lane?: string;
}

/** One entity's view: its queries, the resources they name, its answer. */
interface EntityView {
  entity: Entity;
  queries: ResourceQuery[];
  error?: InvalidAnnotationError;
  resources: Set<string>;
  answer?: EntityDeploymentsResponse;
  /**
   * A digest of the answer and the catalog fields the fleet shows, to tell
   * a real change from a rebuild to the same.
   */
  fingerprint?: string;
}

/** Serialised answers kept for page views: the entities read most lately. */
const SERVED_ANSWERS = 512;

/** Rebuild delays for a deployment whose Git could not be read. */
const RETRY_MS = [5_000, 15_000, 30_000, 60_000];
const RETRIED_CODES = new Set(['git-unavailable', 'view-failed']);

/** The catalog fields a fleet row carries besides the answer. */
function catalogFields(entity: Entity): string {
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return JSON.stringify([
    entity.metadata.title,
    entity.metadata.tags,
    spec.owner,
    spec.system,
    spec.lifecycle,
    spec.type,
  ]);
}

export interface DeploymentViewsOptions {
  logger: LoggerService;
  /** Builds one deployment from its CR; the Git and cluster reads are inside. */
  build: (resource: IndexedResource, object: KubeObject) => Promise<Deployment>;
  /** The CR as the cluster index holds it now. */
  object: (resource: IndexedResource) => KubeObject | undefined;
  /** What answers need besides deployments: reachability, Git staleness. */
  answerInputs: AnswerInputs;
  /** Deployments built at once. */
  concurrency?: number;
}

/**
 * The serving model: a view per (entity, deployment), maintained on change
 * and read by requests, which therefore never compute, call Git or call a
 * cluster. Each input change marks only the views that depend on it:
 *
 * - a watch event of a CR → that deployment (and, when the CR appeared,
 *   disappeared or changed labels, the entities whose queries may name it);
 * - a Flux source's event → the deployments reading that source;
 * - new commits in a repository → the deployments with a source there;
 * - a cluster's reachability → that cluster's deployments, and every
 *   entity's problems (their wording says whether a cluster is down);
 * - a catalog change of an entity → that entity re-located.
 *
 * Marked views are rebuilt in the background by a {@link RecomputeQueue};
 * an entity's answer is re-assembled when one of its deployments changed.
 */
export class DeploymentViews {
  private readonly matcher = new ResourceMatcher();
  private readonly queries = new QueryRegistry();
  private readonly entities = new Map<string, EntityView>();
  private readonly deployments = new Map<string, DeploymentView>();
  private readonly byRepo = new Map<string, Set<string>>();
  private readonly bySource = new Map<string, Set<string>>();
  private readonly queue: RecomputeQueue;
  private readonly listeners = new Set<AnswerListener>();
  private readonly builtListeners = new Set<DeploymentBuiltListener>();
  private readonly errorListeners = new Set<
    (entityRef: string, error: InvalidAnnotationError) => void
  >();
  private builds = 0;
  /**
   * Entities with an answer and deployments with a build, kept as counts:
   * readiness asks after every answer, and counting the views each time
   * made a cold start quadratic in the fleet.
   */
  private entitiesBuilt = 0;
  private deploymentsBuilt = 0;
  /** Rebuilds a repository change did not need (nothing it changed was read). */
  private skippedBuilds = 0;
  /** Serialised answers of the entities read last (see answerJson). */
  private readonly served = new LruMap<
    string,
    { answer: EntityDeploymentsResponse; json: string }
  >(SERVED_ANSWERS);
  private readonly retries = new Map<
    string,
    { attempt: number; timer: NodeJS.Timeout }
  >();

  constructor(private readonly options: DeploymentViewsOptions) {
    this.queue = new RecomputeQueue({
      logger: options.logger,
      concurrency: options.concurrency ?? 16,
      relocate: ref => this.relocate(ref),
      build: key => this.build(key),
      assemble: ref => this.assemble(ref),
      laneOf: key => this.laneOf(key),
    });
  }

  /** Counts for readiness checks and the benchmark. */
  stats() {
    return {
      entities: this.entities.size,
      built: this.entitiesBuilt,
      deployments: this.deployments.size,
      deploymentsBuilt: this.deploymentsBuilt,
      pending: this.queue.size,
      builds: this.builds,
      buildsSkipped: this.skippedBuilds,
    };
  }

  /** Lets the queue run; events before this are only recorded. */
  open() {
    this.queue.open();
  }

  /** Resolves when nothing is left to rebuild (for tests and readiness). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  onAnswerChanged(listener: AnswerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Entities whose annotations turned malformed. */
  /** Every build of a deployment view; the ledger compares them. */
  onDeploymentBuilt(listener: DeploymentBuiltListener): () => void {
    this.builtListeners.add(listener);
    return () => this.builtListeners.delete(listener);
  }

  onError(
    listener: (entityRef: string, error: InvalidAnnotationError) => void,
  ): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** The entity as the views last saw it. */
  entity(entityRef: string): Entity | undefined {
    return this.entities.get(entityRef)?.entity;
  }

  /** The entity's answer, or undefined while it is being built. */
  answer(entityRef: string): EntityDeploymentsResponse | undefined {
    const view = this.entities.get(entityRef);
    if (view?.error) throw view.error;
    return view?.answer;
  }

  /**
   * The entity's answer serialised without `observedAt`, as it is served.
   * The recently read ones are kept, so a page view of those costs no JSON
   * work; the others are serialised on read rather than all held (the text
   * is as large as the answer itself, about 3 kB per deployment).
   */
  answerJson(entityRef: string): string | undefined {
    const view = this.entities.get(entityRef);
    if (view?.error) throw view.error;
    if (!view?.answer) return undefined;
    const kept = this.served.get(entityRef);
    if (kept?.answer === view.answer) return kept.json;
    const { observedAt: _o, ...rest } = view.answer;
    const json = JSON.stringify(rest);
    this.served.set(entityRef, { answer: view.answer, json });
    return json;
  }

  has(entityRef: string) {
    return this.entities.has(entityRef);
  }

  *answers(): IterableIterator<[string, Entity, EntityDeploymentsResponse]> {
    for (const [ref, view] of this.entities) {
      if (view.answer) yield [ref, view.entity, view.answer];
    }
  }

  /** Entities whose annotations are malformed, with the error. */
  *errors(): IterableIterator<[string, InvalidAnnotationError]> {
    for (const [ref, view] of this.entities) {
      if (view.error) yield [ref, view.error];
    }
  }

  // --- inputs -------------------------------------------------------------

  upsertEntity(entityRef: string, entity: Entity) {
    const view = this.entities.get(entityRef);
    if (view) view.entity = entity;
    else
      this.entities.set(entityRef, {
        entity,
        queries: [],
        resources: new Set(),
      });
    this.queue.relocate(entityRef);
  }

  deleteEntity(entityRef: string) {
    const view = this.entities.get(entityRef);
    if (!view) return;
    this.entities.delete(entityRef);
    if (view.answer) this.entitiesBuilt -= 1;
    this.served.delete(entityRef);
    this.queries.delete(entityRef);
    for (const key of view.resources) this.unlink(key, entityRef);
    this.notify(entityRef, undefined);
  }

  /** A CD resource appeared, changed or disappeared in a cluster. */
  resourceChanged(resource: IndexedResource, present: boolean) {
    const previous = present
      ? this.matcher.upsert(resource)
      : this.matcher.delete(resource.key);
    const moved =
      !previous ||
      !present ||
      previous.project !== resource.project ||
      JSON.stringify(previous.labels ?? {}) !==
        JSON.stringify(resource.labels ?? {});
    if (moved) {
      const affected = new Set([
        ...this.queries.entitiesFor(resource),
        ...(previous ? this.queries.entitiesFor(previous) : []),
        ...(this.deployments.get(resource.key)?.entities ?? []),
      ]);
      for (const ref of affected) this.queue.relocate(ref);
    }
    if (present && this.deployments.has(resource.key)) {
      this.deployments.get(resource.key)!.resource = resource;
      this.queue.build(resource.key);
    }
  }

  /** A Flux source changed: the deployments that read it. */
  sourceChanged(sourceKey: string) {
    for (const key of this.bySource.get(sourceKey) ?? []) this.queue.build(key);
  }

  /**
   * New commits (or a changed staleness) in a repository. Deployments whose
   * render inputs the new commits touched are rebuilt first: their answer
   * is the one a person who just pushed waits for. Those the commits cannot
   * change (settled Git facts, other inputs; commits whose CI state changed
   * that they do not show) are not rebuilt at all: a push to one app of a
   * repository that 3,000 deployments read costs a few builds, not 3,000.
   */
  repositoryChanged(repoKey: string, change?: RepositoryChange) {
    const viewChange = viewChangeOf(change);
    for (const key of this.byRepo.get(repoKey) ?? []) {
      const view = this.deployments.get(key);
      if (!view) continue;
      const effect = repositoryChangeFor(
        view.deployment,
        view.deps,
        repoKey,
        viewChange,
      );
      // A running build may have read the old line with inputs the last
      // finished build did not have: it is built again after this one.
      if (effect === 'none' && !this.queue.isBuilding(key)) {
        this.skippedBuilds += 1;
        continue;
      }
      this.queue.build(key, { urgent: effect === 'urgent' });
    }
  }

  /** A deployment's build lane: its repository (or Flux source). */
  private laneOf(key: string): string | undefined {
    const view = this.deployments.get(key);
    if (!view) return undefined;
    if (view.lane === undefined) {
      const object = this.options.object(view.resource);
      view.lane =
        view.deps.repoKeys[0] ??
        (object ? laneOfObject(view.resource, object) : undefined);
    }
    return view.lane;
  }

  /** A cluster turned reachable or unreachable. */
  clusterChanged(cluster: string) {
    for (const [key, view] of this.deployments) {
      if (view.resource.cluster === cluster) this.queue.build(key);
    }
    for (const ref of this.entities.keys()) this.queue.assemble(ref);
  }

  /** Everything again, e.g. after start-up once the clusters have synced. */
  rebuildAll() {
    for (const key of this.deployments.keys()) this.queue.build(key);
    for (const ref of this.entities.keys()) this.queue.relocate(ref);
  }

  // --- the queue's steps ----------------------------------------------------

  private relocate(entityRef: string) {
    const view = this.entities.get(entityRef);
    if (!view) return;
    try {
      view.queries = locateResources(view.entity);
      view.error = undefined;
    } catch (error) {
      if (!(error instanceof InvalidAnnotationError)) throw error;
      view.queries = [];
      view.error = error;
      if (view.answer) this.entitiesBuilt -= 1;
      view.answer = undefined;
      view.fingerprint = undefined;
      this.served.delete(entityRef);
      for (const listener of this.errorListeners) listener(entityRef, error);
    }
    this.queries.set(entityRef, view.queries);

    const matched = new Set<string>();
    for (const query of view.queries) {
      for (const resource of this.matcher.match(query))
        matched.add(resource.key);
    }
    for (const key of view.resources) {
      if (!matched.has(key)) this.unlink(key, entityRef);
    }
    for (const key of matched) {
      let deployment = this.deployments.get(key);
      if (!deployment) {
        deployment = {
          resource: this.matcher.get(key)!,
          entities: new Set(),
          deps: { repoKeys: [], sourceKeys: [] },
        };
        this.deployments.set(key, deployment);
        this.queue.build(key);
      }
      deployment.entities.add(entityRef);
    }
    view.resources = matched;
    this.queue.assemble(entityRef);
  }

  private unlink(key: string, entityRef: string) {
    const deployment = this.deployments.get(key);
    if (!deployment) return;
    deployment.entities.delete(entityRef);
    if (deployment.entities.size > 0) return;
    this.deployments.delete(key);
    if (deployment.deployment) this.deploymentsBuilt -= 1;
    this.index(key, deployment.deps, undefined);
    const retry = this.retries.get(key);
    if (retry) clearTimeout(retry.timer);
    this.retries.delete(key);
  }

  private async build(key: string) {
    const view = this.deployments.get(key);
    if (!view) return;
    const object = this.options.object(view.resource);
    if (!object) return; // Deleted: the relocation drops it.
    this.builds += 1;
    let deployment: Deployment;
    try {
      deployment = await this.options.build(view.resource, object);
    } catch (error) {
      // One resource that cannot be built must not hide the others.
      this.options.logger.warn(
        `GitOps: cannot build the view of ${key}: ${(error as Error).message}`,
      );
      deployment = failedDeployment(view.resource, 'view-failed', error);
    }
    if (this.deployments.get(key) !== view) return; // Dropped meanwhile.
    const deps = dependenciesOf(view.resource, object, deployment);
    this.index(key, view.deps, deps);
    view.deps = deps;
    view.lane = deps.repoKeys[0] ?? view.lane;
    const previous = view.deployment;
    if (!previous) this.deploymentsBuilt += 1;
    view.deployment = deployment;
    this.scheduleRetry(key, deployment);
    for (const listener of this.builtListeners) {
      try {
        listener(key, previous, deployment, view.entities);
      } catch (error) {
        this.options.logger.warn(
          `GitOps: a listener of ${key}'s builds failed: ${
            (error as Error).message
          }`,
        );
      }
    }
    for (const ref of view.entities) this.queue.assemble(ref);
  }

  /**
   * A deployment whose Git could not be read (a first read that failed, so
   * no branch is indexed and no change event will come) is rebuilt on a
   * backoff until it can be.
   */
  private scheduleRetry(key: string, deployment: Deployment) {
    const failed =
      RETRIED_CODES.has(deployment.problem?.code ?? '') ||
      deployment.drift.reasons.some(r => RETRIED_CODES.has(r.code));
    const current = this.retries.get(key);
    if (!failed) {
      if (current) clearTimeout(current.timer);
      this.retries.delete(key);
      return;
    }
    if (current) clearTimeout(current.timer);
    const attempt = (current?.attempt ?? -1) + 1;
    const timer = setTimeout(() => {
      if (this.deployments.has(key)) this.queue.build(key);
    }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    timer.unref?.();
    this.retries.set(key, { attempt, timer });
  }

  /** Stops the retry timers. */
  close() {
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private assemble(entityRef: string) {
    const view = this.entities.get(entityRef);
    if (!view || view.error) return;
    const deployments: Deployment[] = [];
    for (const key of view.resources) {
      const deployment = this.deployments.get(key)?.deployment;
      if (!deployment) return; // Not built yet: it will ask again.
      deployments.push(deployment);
    }
    const answer = assembleEntityAnswer({
      entityRef,
      entity: view.entity,
      queries: view.queries,
      resources: [...view.resources].map(
        k => this.deployments.get(k)!.resource,
      ),
      deployments,
      inputs: this.options.answerInputs,
    });
    const { observedAt: _o, ...rest } = answer;
    // `lastSeenAt` moves with every event of a healthy cluster; alone it is
    // no change worth a signal (an unreachable one changes drift anyway).
    // Kept as a digest: the text itself is as large as the answer.
    const fingerprint = createHash('sha1')
      .update(
        JSON.stringify(rest, (k, v) => (k === 'lastSeenAt' ? undefined : v)),
      )
      .update('\n')
      .update(catalogFields(view.entity))
      .digest('base64');
    if (!view.answer) this.entitiesBuilt += 1;
    view.answer = answer;
    if (fingerprint === view.fingerprint) return;
    const first = view.fingerprint === undefined;
    view.fingerprint = fingerprint;
    this.notify(entityRef, answer, first);
  }

  private notify(
    entityRef: string,
    answer: EntityDeploymentsResponse | undefined,
    first = false,
  ) {
    for (const listener of this.listeners) {
      try {
        listener(entityRef, answer, { first });
      } catch (error) {
        this.options.logger.warn(`GitOps view listener failed: ${error}`);
      }
    }
  }

  /** Moves a deployment between the reverse indexes of its inputs. */
  private index(
    key: string,
    before: ViewDependencies,
    after: ViewDependencies | undefined,
  ) {
    const update = (
      map: Map<string, Set<string>>,
      old: string[],
      now: string[],
    ) => {
      for (const k of old) {
        if (now.includes(k)) continue;
        const set = map.get(k);
        set?.delete(key);
        if (set?.size === 0) map.delete(k);
      }
      for (const k of now) {
        let set = map.get(k);
        if (!set) map.set(k, (set = new Set()));
        set.add(key);
      }
    };
    update(this.byRepo, before.repoKeys, after?.repoKeys ?? []);
    update(this.bySource, before.sourceKeys, after?.sourceKeys ?? []);
  }
}
