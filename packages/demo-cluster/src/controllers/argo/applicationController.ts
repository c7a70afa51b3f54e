import { BranchMoved } from '../../git/branchWatcher';
import { KubeObject } from '../../store/kubeObject';
import { QueuedController } from '../queuedController';
import {
  ControllerContext,
  objectName,
  pause,
  timestamp,
} from '../controllerContext';
import {
  RenderedResource,
  kustomizeInputs,
  renderedManifests,
  renderedResources,
} from '../renderedResources';
import { applyCdObjects, argoApplier, describeOutcome } from '../appOfApps';
import {
  ApplicationSource,
  InitiatedBy,
  compact,
  deployedRevisionOf,
  isAutomated,
  resourceKeyOf,
  resourceStatuses,
  selfHeals,
  sourceOf,
  syncResultResources,
} from './applicationStatus';

const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
const DEFAULT_HISTORY_LIMIT = 10;

/** How the demo starts an Application: what is live, and what drifted by hand. */
export interface ApplicationSeed {
  deployedRevision: string;
  initiatedBy: InitiatedBy;
  /** Live objects someone changed outside Git (by kind and name). */
  drifted?: Array<{ kind: string; name: string }>;
  /**
   * The syncs that led here, oldest first (the demo's 30 days,
   * content/deliveryHistory.ts); by default one per commit on the path,
   * 55 s after it. The newest `revisionHistoryLimit` are kept.
   */
  history?: Array<{
    revision: string;
    deployStartedAt: string;
    deployedAt: string;
    initiatedBy: InitiatedBy;
  }>;
}

/** What Git says against what is live, for one Application. */
interface Comparison {
  repository: string;
  source: ApplicationSource;
  head: string;
  deployed?: string;
  changed: boolean;
  resources: RenderedResource[];
  outOfSync: Set<string>;
}

class ComparisonError extends Error {}

/**
 * A stand-in for Argo CD's application controller. It compares each
 * Application's tracked revision with what was last synced, auto-syncs when
 * the policy says so (OutOfSync → Running/Progressing → Synced → Healthy,
 * one step apart), runs syncs requested through `operation`, honours the
 * refresh annotation, and keeps live drift until a sync corrects it.
 */
export class ApplicationController extends QueuedController {
  private readonly operating = new Set<string>();
  /** Per app: resource keys changed live, outside Git. */
  private readonly drifted = new Map<string, Set<string>>();
  /** Per app: the revision auto-sync last tried, so it tries each once. */
  private readonly autoSyncAttempted = new Map<string, string>();
  private readonly seenSpec = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'Application', 'argo-cd');
  }

  start(): () => void {
    return this.ctx.cluster.subscribe(event => {
      if (event.resource !== `${this.type.group}/${this.type.plural}`) return;
      const key = objectName(event.object);
      if (event.type === 'DELETED') {
        this.forget(key);
        return;
      }
      const app = event.object;
      const spec = JSON.stringify(app.spec);
      const specChanged = this.seenSpec.get(key) !== spec;
      this.seenSpec.set(key, spec);
      const wantsOperation = Boolean(app.operation) && !this.operating.has(key);
      if (
        specChanged ||
        wantsOperation ||
        app.metadata.annotations?.[REFRESH_ANNOTATION]
      ) {
        this.enqueue(key);
      }
    });
  }

  onBranchMoved(moved: BranchMoved): void {
    for (const app of this.ctx.cluster.list(this.type)) {
      const source = sourceOf(app);
      if (this.ctx.git.repositoryOf(source?.repoURL) !== moved.repository)
        continue;
      const target = source?.targetRevision || 'HEAD';
      if (
        target === moved.branch ||
        target === 'HEAD' ||
        target === `refs/heads/${moved.branch}`
      ) {
        this.enqueue(objectName(app));
      }
    }
  }

  /** Resolves when no reconcile is queued or running. */

  exportState(): Record<string, string[]> {
    return Object.fromEntries(
      [...this.drifted].map(([key, set]) => [key, [...set]]),
    );
  }

  importState(state: Record<string, string[]> | undefined): void {
    for (const [key, list] of Object.entries(state ?? {}))
      this.drifted.set(key, new Set(list));
  }

  /** Creates an Application with the status Argo CD would show after its history. */
  async seed(app: KubeObject, seed: ApplicationSeed): Promise<KubeObject> {
    const key = objectName(app);
    const now = this.ctx.now();
    const source = sourceOf(app)!;
    const repository = this.repositoryOf(source);
    const inputs = await kustomizeInputs(
      this.ctx.git,
      repository,
      seed.deployedRevision,
      source.path,
    );
    const at = (time: Date, seconds: number) =>
      timestamp(new Date(time.getTime() + seconds * 1000));
    const syncs =
      seed.history ??
      (
        await this.ctx.git.pathCommits(
          repository,
          seed.deployedRevision,
          inputs,
          this.historyLimit(app),
        )
      )
        .reverse()
        .map(commit => ({
          revision: commit.sha,
          deployStartedAt: at(commit.time, 40),
          deployedAt: at(commit.time, 55),
          initiatedBy: seed.initiatedBy,
        }));
    const history = syncs
      .slice(-this.historyLimit(app))
      .map((sync, id) => ({ id, ...sync, source }));
    const newest = history[history.length - 1];
    const last = {
      startedAt: newest.deployStartedAt,
      finishedAt: newest.deployedAt,
      healthyAt: at(new Date(newest.deployedAt), 35),
    };
    const drifted = new Set<string>();
    const deployedResources = await renderedResources(
      this.ctx.git,
      repository,
      seed.deployedRevision,
      source.path,
      (app.spec as any).destination?.namespace,
    );
    for (const { kind, name } of seed.drifted ?? []) {
      const found = deployedResources.find(
        r => r.kind === kind && r.name === name,
      );
      if (!found) throw new Error(`${key}: no ${kind} ${name} to drift`);
      drifted.add(resourceKeyOf(found));
    }
    if (drifted.size > 0) this.drifted.set(key, drifted);
    const comparison = await this.compare(app, seed.deployedRevision);
    const seeded: KubeObject = {
      ...app,
      status: compact({
        ...this.comparisonStatus(app, comparison, drifted, 'Healthy'),
        health: { status: 'Healthy', lastTransitionTime: last.healthyAt },
        operationState: {
          operation: {
            sync: {
              revision: seed.deployedRevision,
              syncStrategy: { hook: {} },
            },
            initiatedBy: seed.initiatedBy,
            retry: {},
          },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: {
            revision: seed.deployedRevision,
            source,
            resources: syncResultResources(deployedResources),
          },
          startedAt: last.startedAt,
          finishedAt: last.finishedAt,
        },
        history,
        reconciledAt: timestamp(new Date(now.getTime() - 75_000)),
      }),
    };
    this.seenSpec.set(key, JSON.stringify(app.spec));
    const { object } = this.ctx.cluster.create(
      this.type,
      app.metadata.namespace,
      seeded,
      { fieldValidation: 'Strict' },
    );
    return object;
  }

  private forget(key: string) {
    this.drifted.delete(key);
    this.autoSyncAttempted.delete(key);
    this.seenSpec.delete(key);
  }

  private historyLimit(app: KubeObject): number {
    return (app.spec as any)?.revisionHistoryLimit ?? DEFAULT_HISTORY_LIMIT;
  }

  private repositoryOf(source: ApplicationSource | undefined): string {
    const repository = this.ctx.git.repositoryOf(source?.repoURL);
    if (!repository) {
      throw new ComparisonError(
        `repository not found: ${source?.repoURL ?? '(no source)'}`,
      );
    }
    return repository;
  }

  private async compare(
    app: KubeObject,
    deployed = deployedRevisionOf(app),
  ): Promise<Comparison> {
    const source = sourceOf(app);
    const repository = this.repositoryOf(source);
    const target = source!.targetRevision || 'HEAD';
    const head = await this.ctx.git.resolve(repository, target);
    if (!head) {
      throw new ComparisonError(
        `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = unable to resolve '${target}' to a commit SHA`,
      );
    }
    const destinationNamespace = (app.spec as any)?.destination?.namespace;
    const resources = await renderedResources(
      this.ctx.git,
      repository,
      head,
      source!.path,
      destinationNamespace,
    );
    const outOfSync = new Set<string>();
    let changed = true;
    if (deployed) {
      const inputs = new Set([
        ...(await kustomizeInputs(
          this.ctx.git,
          repository,
          head,
          source!.path,
        )),
        ...(await kustomizeInputs(
          this.ctx.git,
          repository,
          deployed,
          source!.path,
        ).catch(() => [])),
      ]);
      const files = await this.ctx.git
        .changedFiles(repository, deployed, head, [...inputs])
        .catch(() => undefined);
      changed = files === undefined || files.length > 0;
      // An overlay's kustomization.yaml sets image tags and replicas: those land on the workloads.
      const overlayChanged =
        files?.some(f => f.endsWith('kustomization.yaml')) ?? true;
      for (const r of resources) {
        if (
          !files ||
          files.includes(r.file) ||
          (overlayChanged && r.kind === 'Deployment')
        ) {
          outOfSync.add(resourceKeyOf(r));
        }
      }
    } else {
      resources.forEach(r => outOfSync.add(resourceKeyOf(r)));
    }
    return {
      repository,
      source: source!,
      head,
      deployed,
      changed,
      resources,
      outOfSync,
    };
  }

  private comparisonStatus(
    app: KubeObject,
    c: Comparison,
    drifted: Set<string>,
    deploymentHealth: string,
  ) {
    const isOutOfSync = (r: RenderedResource) =>
      c.outOfSync.has(resourceKeyOf(r)) || drifted.has(resourceKeyOf(r));
    return {
      sync: {
        status: c.changed || drifted.size > 0 ? 'OutOfSync' : 'Synced',
        revision: c.head,
        comparedTo: {
          source: c.source,
          destination: (app.spec as any).destination,
        },
      },
      resources: resourceStatuses(
        c.resources,
        r => (isOutOfSync(r) ? 'OutOfSync' : 'Synced'),
        deploymentHealth as any,
      ),
      sourceType: 'Kustomize',
      controllerNamespace: 'argocd',
    };
  }

  private write(
    key: string,
    change: (app: KubeObject) => KubeObject | undefined,
  ) {
    const [namespace, name] = key.split('/');
    return this.ctx.cluster.mutate(
      this.type,
      namespace || undefined,
      name,
      change,
    );
  }

  protected async reconcile(key: string): Promise<void> {
    if (this.operating.has(key)) return;
    const [namespace, name] = key.split('/');
    const app = this.ctx.cluster.store.get(
      `${this.type.group}/${this.type.plural}`,
      namespace,
      name,
    );
    if (!app) return;
    if ((app.operation as any)?.sync) {
      const operation = app.operation as {
        sync: { revision?: string };
        initiatedBy?: InitiatedBy;
      };
      await this.runOperation(
        key,
        operation.sync.revision,
        operation.initiatedBy ?? { username: 'admin' },
      );
      return;
    }
    let comparison: Comparison;
    try {
      comparison = await this.compare(app);
    } catch (error) {
      if (!(error instanceof ComparisonError)) throw error;
      this.writeComparisonError(key, error.message);
      return;
    }
    const drifted = this.drifted.get(key) ?? new Set<string>();
    const now = timestamp(this.ctx.now());
    this.write(key, current => {
      const status = (current.status ?? {}) as Record<string, any>;
      const next: Record<string, any> = {
        ...status,
        ...compact(
          this.comparisonStatus(
            current,
            comparison,
            drifted,
            status.health?.status ?? 'Healthy',
          ),
        ),
      };
      delete next.conditions;
      const refreshed = Boolean(
        current.metadata.annotations?.[REFRESH_ANNOTATION],
      );
      if (refreshed) delete current.metadata.annotations![REFRESH_ANNOTATION];
      const unchanged = JSON.stringify(next) === JSON.stringify(status);
      if (unchanged && !refreshed) return undefined;
      current.status = { ...next, reconciledAt: now };
      return current;
    });
    const wantsSync =
      isAutomated(app) &&
      ((comparison.changed &&
        this.autoSyncAttempted.get(key) !== comparison.head) ||
        (drifted.size > 0 && selfHeals(app)));
    if (wantsSync) {
      this.autoSyncAttempted.set(key, comparison.head);
      await pause(this.ctx);
      await this.runOperation(key, undefined, { automated: true });
    }
  }

  private writeComparisonError(key: string, message: string) {
    this.write(key, app => {
      const status = (app.status ?? {}) as Record<string, any>;
      const conditions = [
        {
          type: 'ComparisonError',
          message,
          lastTransitionTime: timestamp(this.ctx.now()),
        },
      ];
      if (
        status.sync?.status === 'Unknown' &&
        status.conditions?.[0]?.message === message
      )
        return undefined;
      app.status = {
        ...status,
        sync: { ...status.sync, status: 'Unknown' },
        conditions,
        reconciledAt: timestamp(this.ctx.now()),
      };
      return app;
    });
  }

  /**
   * One sync, as Argo CD shows it: Running with health Progressing, then
   * Succeeded with a new history entry, then Healthy once the rollout is done.
   */
  private async runOperation(
    key: string,
    requestedRevision: string | undefined,
    initiatedBy: InitiatedBy,
  ): Promise<void> {
    this.operating.add(key);
    try {
      const [namespace, name] = key.split('/');
      const app = this.ctx.cluster.get(this.type, namespace || undefined, name);
      const source = sourceOf(app)!;
      const repository = this.repositoryOf(source);
      const revision =
        (requestedRevision &&
          (await this.ctx.git.resolve(repository, requestedRevision))) ||
        (await this.ctx.git.resolve(
          repository,
          source.targetRevision || 'HEAD',
        ));
      if (!revision)
        throw new ComparisonError(
          `unable to resolve '${
            requestedRevision ?? source.targetRevision
          }' to a commit SHA`,
        );
      const startedAt = timestamp(this.ctx.now());
      const operation = {
        sync: { revision, syncStrategy: { hook: {} } },
        initiatedBy,
        retry: {},
      };
      this.write(key, current => {
        delete current.operation;
        const status = (current.status ?? {}) as Record<string, any>;
        current.status = {
          ...status,
          operationState: {
            operation,
            phase: 'Running',
            message: 'one or more tasks are running',
            startedAt,
          },
          health: {
            ...status.health,
            status: 'Progressing',
            lastTransitionTime: startedAt,
          },
        };
        return current;
      });
      await pause(this.ctx);

      const synced = this.ctx.cluster.get(
        this.type,
        namespace || undefined,
        name,
      );
      const comparison = await this.compare(synced, revision);
      const applied = await renderedManifests(
        this.ctx.git,
        repository,
        revision,
        source.path,
        (synced.spec as any).destination?.namespace,
        { recursive: Boolean((source as any).directory?.recurse) },
      );
      // An app of apps: the Applications (and other CD objects) its path holds.
      const applier = argoApplier(synced);
      const outcome = applyCdObjects(this.ctx.cluster, applier, applied, {
        prune: Boolean((synced.spec as any).syncPolicy?.automated?.prune),
      });
      describeOutcome(applier, outcome).forEach(line => this.ctx.log(line));
      this.drifted.delete(key);
      const finishedAt = timestamp(this.ctx.now());
      this.write(key, current => {
        const status = (current.status ?? {}) as Record<string, any>;
        const history = [...(status.history ?? [])];
        const nextId = history.length ? history[history.length - 1].id + 1 : 0;
        history.push({
          id: nextId,
          revision,
          deployStartedAt: startedAt,
          deployedAt: finishedAt,
          source,
          initiatedBy,
        });
        current.status = compact({
          ...status,
          ...this.comparisonStatus(
            current,
            comparison,
            new Set(),
            'Progressing',
          ),
          operationState: {
            operation,
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            syncResult: {
              revision,
              source,
              resources: syncResultResources(applied),
            },
            startedAt,
            finishedAt,
          },
          history: history.slice(-this.historyLimit(current)),
          health: { status: 'Progressing', lastTransitionTime: finishedAt },
          reconciledAt: finishedAt,
        });
        delete (current.status as any).conditions;
        return current;
      });
      await pause(this.ctx);

      const healthyAt = timestamp(this.ctx.now());
      this.write(key, current => {
        const status = (current.status ?? {}) as Record<string, any>;
        current.status = {
          ...status,
          health: { status: 'Healthy', lastTransitionTime: healthyAt },
          resources: (status.resources ?? []).map((r: any) =>
            r.health ? { ...r, health: { status: 'Healthy' } } : r,
          ),
        };
        return current;
      });
    } catch (error) {
      if (error instanceof ComparisonError)
        this.writeComparisonError(key, error.message);
      else throw error;
    } finally {
      this.operating.delete(key);
    }
    // The branch may have moved while the sync ran.
    if (!this.ctx.signal.aborted) this.enqueue(key);
  }
}
