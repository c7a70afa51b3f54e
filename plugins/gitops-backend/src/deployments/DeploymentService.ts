import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GITOPS_ANNOTATIONS,
  isGitOpsAvailable,
  type CommitCiStatus,
  type Deployment,
  type EntityDeploymentsResponse,
  type EntityHistoryResponse,
} from '@gitops-console/plugin-gitops-common';
import type { GitProvider } from '@gitops-console/plugin-gitops-node';
import type { ClusterChange, ClusterIndex } from '../cluster/ClusterIndex';
import type { RepositoryChangeListener } from '../git/commitIndex/CommitIndex';
import type { GitOpsClusterConfig } from '../config/readClusters';
import type { CommitUrlResolver } from './commitLinks';
import { deploymentBuilder } from '../views/deploymentBuilder';
import { DeploymentViews } from '../views/DeploymentViews';
import { EntityMirror, hasLocatorAnnotation } from '../views/EntityMirror';
import { NO_MATCH_REASON } from '../views/assembleEntityAnswer';
import {
  isDeploymentKind,
  resourceKey,
  toLocatable,
} from '../views/ResourceMatcher';

/** Git handles may announce new commits; providers without it are polled by reads. */
interface ObservableGit extends GitProvider {
  onRepositoryChanged?(listener: RepositoryChangeListener): () => void;
  /** A shown commit's CI state from memory (GitService). */
  knownCiStatus?(repoUrl: string, sha: string): CommitCiStatus | undefined;
}

/** Cluster indexes may announce reachability changes. */
interface ObservableIndex {
  onStatusChange?(listener: (cluster: string) => void): () => void;
}

export interface DeploymentServiceOptions {
  index: ClusterIndex;
  git: ObservableGit;
  clusters: GitOpsClusterConfig[];
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  /** The opaque per-entity signals channel. */
  signalChannel: (entityRef: string) => string;
  /** History entries per deployment joined with commit metadata. */
  historyLimit?: number;
  /** Commit links for hosts whose provider gives none (plain Git). */
  commitUrl?: CommitUrlResolver;
  /** Applied to every deployment before it is stored. */
  redact?: (deployment: Deployment) => Deployment;
  /** Seconds between two full reads of the catalog's GitOps entities. */
  catalogRefreshSeconds?: number;
  /** How long a request waits for a view being built for the first time. */
  firstAnswerWaitMs?: number;
  /** How long start-up waits for the clusters' first lists before building. */
  initialSyncTimeoutMs?: number;
}

export const NO_ANNOTATIONS_REASON = `The entity has no GitOps annotations. Add ${GITOPS_ANNOTATIONS.argocdAppName}, ${GITOPS_ANNOTATIONS.argocdAppSelector}, ${GITOPS_ANNOTATIONS.kubernetesId} or ${GITOPS_ANNOTATIONS.kubernetesLabelSelector}.`;

/**
 * The deployments of catalog entities, served from views maintained on
 * change (see docs/serving-model.md). It feeds the views with every input
 * event — watch events and reachability from the cluster index, new commits
 * from Git, entity changes from the catalog mirror — and answers requests
 * from what the views hold. A request never calls Git or a cluster.
 */
export class DeploymentService {
  readonly views: DeploymentViews;
  readonly mirror: EntityMirror;
  private readonly unsubscribe: Array<() => void> = [];
  private started?: Promise<void>;
  private initialBuild?: Promise<void>;
  private initialBuildDone = false;
  /** Entities a request was told `computing` for: their first answer is signalled. */
  private readonly awaited = new Set<string>();

  constructor(private readonly options: DeploymentServiceOptions) {
    const { index, logger } = options;
    this.mirror = new EntityMirror({
      catalog: options.catalog,
      auth: options.auth,
      logger,
      refreshSeconds: options.catalogRefreshSeconds ?? 60,
    });
    this.views = new DeploymentViews({
      logger,
      build: deploymentBuilder({
        ...options,
        ciStatus: options.git.knownCiStatus?.bind(options.git),
      }),
      object: r => index.get(r.cluster, r.kind, r.namespace, r.name),
      answerInputs: {
        unreadableClusters: () =>
          index
            .statuses()
            .filter(s => !s.reachable || s.errorCode !== undefined)
            .map(s => s.name),
        gitStaleness: repoUrl => {
          try {
            return options.git.getStaleness(repoUrl);
          } catch {
            return undefined;
          }
        },
        signalChannel: options.signalChannel,
      },
    });
  }

  /** Subscribes to every input, reads the catalog and builds every view. */
  start(): Promise<void> {
    this.started ??= this.doStart();
    return this.started;
  }

  private async doStart() {
    const { index, git } = this.options;
    this.unsubscribe.push(
      index.onChange(change => this.onClusterChange(change)),
      this.mirror.onChange(change =>
        change.type === 'upsert'
          ? this.views.upsertEntity(change.entityRef, change.entity)
          : this.views.deleteEntity(change.entityRef),
      ),
    );
    const observableIndex = index as unknown as ObservableIndex;
    if (observableIndex.onStatusChange) {
      this.unsubscribe.push(
        observableIndex.onStatusChange(cluster =>
          this.views.clusterChanged(cluster),
        ),
      );
    }
    if (git.onRepositoryChanged) {
      this.unsubscribe.push(
        git.onRepositoryChanged((repoKey, change) =>
          this.views.repositoryChanged(repoKey, change),
        ),
      );
    }
    // What the index holds already (it may have started first).
    for (const kind of [
      'argocd-application',
      'flux-kustomization',
      'flux-helmrelease',
    ] as const) {
      for (const { cluster, object } of index.objects(kind)) {
        this.views.resourceChanged(toLocatable(cluster, kind, object), true);
      }
    }
    this.initialBuild = (async () => {
      await Promise.all([
        this.mirror.start(),
        index
          .waitUntilSynced(this.options.initialSyncTimeoutMs ?? 30_000)
          .catch(error =>
            this.options.logger.warn(
              `GitOps: building views before every cluster answered: ${error}`,
            ),
          ),
      ]);
      // Whatever arrived while waiting was recorded; build it all now.
      this.views.rebuildAll();
      this.views.open();
      // Done when every entity known now has its answer (or nothing is
      // left to do): a steady stream of watch events never empties the
      // queue, and must not keep the fleet saying "computing".
      await Promise.race([this.views.idle(), this.everyEntityBuilt()]);
    })().finally(() => {
      this.initialBuildDone = true;
    });
    this.initialBuild.catch(error =>
      this.options.logger.error(`GitOps: initial view build failed: ${error}`),
    );
  }

  async stop() {
    this.unsubscribe.splice(0).forEach(off => off());
    this.mirror.stop();
    this.views.close();
  }

  private everyEntityBuilt(): Promise<void> {
    return new Promise(resolve => {
      const offs: Array<() => void> = [];
      const check = () => {
        const { entities, built } = this.views.stats();
        if (built < entities) return;
        offs.forEach(off => off());
        resolve();
      };
      offs.push(this.views.onAnswerChanged(check), this.views.onError(check));
      check();
    });
  }

  /** Resolves when every view that start-up found is built. */
  async ready(): Promise<void> {
    await this.start();
    await this.initialBuild;
  }

  private onClusterChange(change: ClusterChange) {
    const { cluster, kind, namespace, name } = change;
    if (isDeploymentKind(kind)) {
      const object =
        change.type === 'DELETED'
          ? undefined
          : this.options.index.get(cluster, kind, namespace, name);
      const resource = object
        ? toLocatable(cluster, kind, object)
        : {
            key: resourceKey(cluster, kind, namespace, name),
            cluster,
            kind,
            namespace,
            name,
          };
      this.views.resourceChanged(resource, Boolean(object));
    } else {
      this.views.sourceChanged(resourceKey(cluster, kind, namespace, name));
    }
  }

  /**
   * The answer for an entity the caller may read. A view not built yet (an
   * entity newer than the last catalog read) is admitted and waited for a
   * short, bounded time; past it the answer says `computing` and a signal
   * follows when the view is there.
   */
  async forEntity(entity: Entity): Promise<EntityDeploymentsResponse> {
    const entityRef = stringifyEntityRef(entity);
    const observedAt = new Date().toISOString();
    if (!hasLocatorAnnotation(entity)) {
      // Nothing to watch for (the mirror would drop it at its next read):
      // the answer says why without a view.
      return {
        entityRef,
        observedAt,
        deployments: [],
        problems: [],
        reason: isGitOpsAvailable(entity)
          ? NO_MATCH_REASON
          : NO_ANNOTATIONS_REASON,
      };
    }
    void this.start();
    this.mirror.admit(entity);
    let answer = this.views.answer(entityRef);
    if (!answer) {
      await this.waitForAnswer(entityRef);
      answer = this.views.answer(entityRef);
    }
    if (!answer) {
      if (this.awaited.size < 10_000) this.awaited.add(entityRef);
      return {
        entityRef,
        observedAt,
        deployments: [],
        problems: [],
        computing: true,
        signalChannel: this.options.signalChannel(entityRef),
      };
    }
    // The view is maintained on change, so it is current as of now.
    return { ...answer, observedAt };
  }

  /**
   * The same answer as {@link DeploymentService.forEntity}, as the JSON
   * body to send: a built view is served from its stored serialisation.
   */
  async forEntityBody(entity: Entity): Promise<string> {
    const entityRef = stringifyEntityRef(entity);
    if (hasLocatorAnnotation(entity) && this.views.has(entityRef)) {
      // The mirror's own copy (a caller who may read everything) needs no
      // admission; one read from the catalog may be newer than the mirror.
      if (this.mirror.get(entityRef) !== entity) this.mirror.admit(entity);
      const json = this.views.answerJson(entityRef);
      if (json && json.startsWith('{"')) {
        const observedAt = JSON.stringify(new Date().toISOString());
        return `{"observedAt":${observedAt},${json.slice(1)}`;
      }
    }
    return JSON.stringify(await this.forEntity(entity));
  }

  /** Resolves when the entity's answer appears, or after the bound. */
  private waitForAnswer(entityRef: string): Promise<void> {
    return new Promise(resolve => {
      let off = () => {};
      const timer = setTimeout(() => {
        off();
        resolve();
      }, this.options.firstAnswerWaitMs ?? 5000);
      off = this.views.onAnswerChanged(ref => {
        if (ref !== entityRef) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /**
   * Whether a changed answer is worth a signal: always, except an entity's
   * first answer that no open page asked for (a cold start would otherwise
   * announce every entity at once).
   */
  shouldSignal(entityRef: string, change: { first: boolean }): boolean {
    if (!change.first) return true;
    return this.awaited.delete(entityRef);
  }

  /** Resolves once the start-up build is done, or after `ms`. */
  async waitForInitialBuild(ms: number): Promise<boolean> {
    if (this.initialBuildDone) return true;
    void this.start();
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      this.started!.then(() => this.initialBuild).then(() => true),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
    clearTimeout(timer);
    return done;
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
}
