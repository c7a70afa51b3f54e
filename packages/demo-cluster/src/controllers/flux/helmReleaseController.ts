import yaml from 'js-yaml';
import { ResourceType } from '../../crd/resourceType';
import { gitPath } from '../../git/gitRepositories';
import { resourceKey } from '../../store/cluster';
import { StoreEvent } from '../../store/clusterStore';
import { KubeObject } from '../../store/kubeObject';
import { QueuedController } from '../queuedController';
import {
  ControllerContext,
  objectName,
  pause,
  timestamp,
} from '../controllerContext';
import {
  Condition,
  isSuspended,
  needsReconcile,
  removeCondition,
  handledReconcile,
  setCondition,
  sha256,
} from './fluxStatus';

/** How the demo starts a HelmRelease. */
export interface HelmReleaseSeed {
  /** When set, every upgrade fails with this reason (why it fails, as Helm says it). */
  failWith?: string;
}

/** One entry of `status.history`: a Helm release revision. */
interface Snapshot {
  name: string;
  namespace: string;
  version: number;
  status: 'deployed' | 'superseded' | 'failed';
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  configDigest: string;
  digest: string;
  firstDeployed: string;
  lastDeployed: string;
}

const DEFAULT_MAX_HISTORY = 5;

/**
 * A stand-in for Flux's helm-controller: when the HelmChart packages a new
 * version, or the values change, or a reconcile is requested, it runs a
 * Helm upgrade (Ready=Unknown, Reconciling) that succeeds (a new `deployed`
 * snapshot, the previous one `superseded`) or, for a release scripted to
 * fail, ends Ready=False/UpgradeFailed with a `failed` snapshot.
 */
export class HelmReleaseController extends QueuedController {
  private readonly chartType: ResourceType;
  private readonly failing = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'HelmRelease', 'helm-controller');
    this.chartType = ctx.cluster.typeOfKind('HelmChart');
  }

  start(): () => void {
    return this.ctx.cluster.subscribe(event => this.onEvent(event));
  }

  /** The HelmChart helm-controller creates for a release: `<hr-ns>-<hr-name>` beside the source. */
  chartFor(release: KubeObject): { namespace: string; name: string } {
    const sourceRef = (release.spec as any).chart.spec.sourceRef;
    return {
      namespace: sourceRef.namespace ?? release.metadata.namespace!,
      name: `${release.metadata.namespace}-${release.metadata.name}`,
    };
  }

  /** Creates a release whose history holds one revision per chart version in Git. */
  async seed(object: KubeObject, seed: HelmReleaseSeed): Promise<KubeObject> {
    const key = objectName(object);
    if (seed.failWith) this.failing.set(key, seed.failWith);
    const created = this.create(object);
    const versions = await this.chartVersionsInGit(created);
    const configDigest = this.configDigest(created);
    const snapshots: Snapshot[] = versions.map((v, i) => ({
      ...this.snapshot(
        created,
        i + 1,
        v.version,
        v.appVersion,
        configDigest,
        timestamp(new Date(v.time.getTime() + 120_000)),
      ),
      status: 'superseded',
    }));
    const newest = snapshots[snapshots.length - 1];
    newest.status = seed.failWith ? 'failed' : 'deployed';
    if (seed.failWith && snapshots.length > 1)
      snapshots[snapshots.length - 2].status = 'deployed';
    const history = snapshots.reverse().slice(0, this.maxHistory(created));
    const chart = this.chartFor(created);
    const generation = created.metadata.generation;
    const at = newest.lastDeployed;
    const outcome = this.outcomeConditions(created, newest, seed.failWith, at);
    return this.ctx.cluster.mutate(
      this.type,
      created.metadata.namespace,
      created.metadata.name,
      hr => {
        hr.status = {
          observedGeneration: generation,
          lastAttemptedGeneration: generation,
          lastAttemptedRevision: newest.chartVersion,
          lastAttemptedConfigDigest: configDigest,
          lastAttemptedReleaseAction: 'upgrade',
          helmChart: `${chart.namespace}/${chart.name}`,
          storageNamespace: created.metadata.namespace,
          history,
          conditions: outcome,
          ...(seed.failWith ? { failures: 3, upgradeFailures: 3 } : {}),
        };
        return hr;
      },
      'status',
    )!;
  }

  private onEvent(event: StoreEvent) {
    if (event.type === 'DELETED') return;
    if (event.resource === resourceKey(this.type)) {
      if (needsReconcile(event.object) && !isSuspended(event.object))
        this.enqueue(objectName(event.object));
      return;
    }
    if (event.resource !== resourceKey(this.chartType)) return;
    const revision = (event.object.status as any)?.artifact?.revision;
    if (revision === (event.previous?.status as any)?.artifact?.revision)
      return;
    for (const hr of this.ctx.cluster.list(this.type)) {
      const chart = this.chartFor(hr);
      if (
        chart.namespace === event.object.metadata.namespace &&
        chart.name === event.object.metadata.name
      ) {
        this.enqueue(objectName(hr));
      }
    }
  }

  private maxHistory(hr: KubeObject): number {
    return (hr.spec as any).maxHistory || DEFAULT_MAX_HISTORY;
  }

  private configDigest(hr: KubeObject): string {
    return sha256(JSON.stringify((hr.spec as any).values ?? {}));
  }

  private snapshot(
    hr: KubeObject,
    version: number,
    chartVersion: string,
    appVersion: string | undefined,
    configDigest: string,
    at: string,
  ): Snapshot {
    const chartName = 'notifications';
    return {
      name: hr.metadata.name,
      namespace: (hr.spec as any).targetNamespace ?? hr.metadata.namespace!,
      version,
      status: 'deployed',
      chartName:
        ((hr.spec as any).chart.spec.chart as string).split('/').pop() ||
        chartName,
      chartVersion,
      ...(appVersion ? { appVersion } : {}),
      configDigest,
      digest: sha256(
        `${hr.metadata.name}.v${version}:${chartVersion}:${configDigest}`,
      ),
      firstDeployed: at,
      lastDeployed: at,
    };
  }

  private outcomeConditions(
    hr: KubeObject,
    release: Snapshot,
    failWith: string | undefined,
    at: string,
  ): Condition[] {
    const generation = hr.metadata.generation;
    const target = `${release.namespace}/${release.name}`;
    const condition = (type: string): Condition =>
      failWith
        ? {
            type,
            status: 'False',
            reason: 'UpgradeFailed',
            message: `Helm upgrade failed for release ${target} with chart ${release.chartName}@${release.chartVersion}: ${failWith}`,
            lastTransitionTime: at,
            observedGeneration: generation,
          }
        : {
            type,
            status: 'True',
            reason: 'UpgradeSucceeded',
            message: `Helm upgrade succeeded for release ${target}.v${release.version} with chart ${release.chartName}@${release.chartVersion}`,
            lastTransitionTime: at,
            observedGeneration: generation,
          };
    return [condition('Ready'), condition('Released')];
  }

  /** Chart versions along the source branch, oldest first. */
  private async chartVersionsInGit(hr: KubeObject) {
    const chart = this.chartFor(hr);
    const helmChart = this.ctx.cluster.store.get(
      resourceKey(this.chartType),
      chart.namespace,
      chart.name,
    );
    const source = this.ctx.cluster.store.get(
      `source.toolkit.fluxcd.io/gitrepositories`,
      chart.namespace,
      (helmChart?.spec as any)?.sourceRef?.name,
    );
    const repository = this.ctx.git.repositoryOf((source?.spec as any)?.url);
    if (!repository)
      throw new Error(
        `${objectName(hr)}: its chart's source is not a demo repository`,
      );
    const chartDir = gitPath((helmChart!.spec as any).chart);
    const branch = (source!.spec as any).ref?.branch ?? 'master';
    const commits = (
      await this.ctx.git.pathCommits(
        repository,
        branch,
        [`${chartDir}/Chart.yaml`],
        50,
      )
    ).reverse();
    const versions: Array<{
      version: string;
      appVersion?: string;
      time: Date;
    }> = [];
    for (const commit of commits) {
      const text = await this.ctx.git.readFile(
        repository,
        commit.sha,
        `${chartDir}/Chart.yaml`,
      );
      const manifest = yaml.load(text ?? '') as {
        version: string;
        appVersion?: string;
      };
      if (versions[versions.length - 1]?.version !== manifest.version) {
        versions.push({
          version: manifest.version,
          appVersion: manifest.appVersion,
          time: commit.time,
        });
      }
    }
    return versions;
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const hr = this.ctx.cluster.store.get(
      resourceKey(this.type),
      namespace,
      name,
    );
    if (!hr || isSuspended(hr)) return;
    const chartRef = this.chartFor(hr);
    const chart = this.ctx.cluster.store.get(
      resourceKey(this.chartType),
      chartRef.namespace,
      chartRef.name,
    );
    const chartVersion = (chart?.status as any)?.artifact?.revision as
      | string
      | undefined;
    const status = (hr.status ?? {}) as Record<string, any>;
    const configDigest = this.configDigest(hr);
    const now = () => timestamp(this.ctx.now());
    if (!chartVersion) return;
    if (
      chartVersion === status.lastAttemptedRevision &&
      configDigest === status.lastAttemptedConfigDigest &&
      !needsReconcile(hr)
    ) {
      return;
    }
    const action = `Running 'upgrade' action with timeout of 5m0s`;
    this.writeStatus(hr, s => ({
      ...s,
      lastAttemptedRevision: chartVersion,
      lastAttemptedConfigDigest: configDigest,
      lastAttemptedGeneration: hr.metadata.generation,
      lastAttemptedReleaseAction: 'upgrade',
      conditions: setCondition(
        setCondition(s.conditions, {
          type: 'Reconciling',
          status: 'True',
          reason: 'Progressing',
          message: action,
          lastTransitionTime: now(),
          observedGeneration: hr.metadata.generation,
        }),
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'Progressing',
          message: action,
          lastTransitionTime: now(),
          observedGeneration: hr.metadata.generation,
        },
      ),
    }));
    await pause(this.ctx);

    const failWith = this.failing.get(key);
    this.writeStatus(hr, (s, current) => {
      const history = [...((s.history ?? []) as Snapshot[])];
      const newest = history[0];
      let release: Snapshot;
      if (
        failWith &&
        newest?.status === 'failed' &&
        newest.chartVersion === chartVersion &&
        newest.configDigest === configDigest
      ) {
        // Helm keeps retrying the same failed upgrade.
        release = { ...newest, lastDeployed: now() };
        history[0] = release;
      } else {
        release = this.snapshot(
          current,
          (newest?.version ?? 0) + 1,
          chartVersion,
          undefined,
          configDigest,
          now(),
        );
        if (failWith) release.status = 'failed';
        else
          history.forEach(
            (h, i) =>
              h.status === 'deployed' &&
              (history[i] = { ...h, status: 'superseded' }),
          );
        history.unshift(release);
      }
      const conditions = this.outcomeConditions(
        current,
        release,
        failWith,
        now(),
      ).reduce(
        (list, c) => setCondition(list, c),
        removeCondition(s.conditions, 'Reconciling'),
      );
      const failures = failWith
        ? {
            failures: (s.failures ?? 0) + 1,
            upgradeFailures: (s.upgradeFailures ?? 0) + 1,
          }
        : {};
      const next: Record<string, any> = {
        ...s,
        ...failures,
        ...handledReconcile(current),
        observedGeneration: current.metadata.generation,
        history: history.slice(0, this.maxHistory(current)),
        conditions,
      };
      if (!failWith) {
        delete next.failures;
        delete next.upgradeFailures;
      }
      return next;
    });
  }
}
