import yaml from 'js-yaml';
import { ResourceType } from '../../crd/resourceType';
import { gitPath } from '../../git/gitRepositories';
import { resourceKey } from '../../store/cluster';
import { StoreEvent } from '../../store/clusterStore';
import { KubeObject } from '../../store/kubeObject';
import { QueuedController } from '../queuedController';
import { ControllerContext, objectName, timestamp } from '../controllerContext';
import {
  isSuspended,
  needsReconcile,
  handledReconcile,
  setCondition,
  sha256,
  shaOfRevision,
} from './fluxStatus';

/**
 * A stand-in for source-controller's HelmChart reconciler, for charts kept
 * in a GitRepository: it packages the chart whenever its Chart.yaml version
 * changes (the default ChartVersion strategy), so
 * `status.artifact.revision` is the chart version.
 */
export class HelmChartController extends QueuedController {
  private readonly sourceType: ResourceType;

  constructor(ctx: ControllerContext) {
    super(ctx, 'HelmChart', 'source-controller');
    this.sourceType = ctx.cluster.typeOfKind('GitRepository');
  }

  start(): () => void {
    return this.ctx.cluster.subscribe(event => this.onEvent(event));
  }

  async seed(object: KubeObject): Promise<KubeObject> {
    const created = this.create(object);
    await this.reconcile(objectName(created));
    return this.ctx.cluster.get(
      this.type,
      created.metadata.namespace,
      created.metadata.name,
    );
  }

  private onEvent(event: StoreEvent) {
    if (event.type === 'DELETED') return;
    if (event.resource === resourceKey(this.type)) {
      if (needsReconcile(event.object) && !isSuspended(event.object))
        this.enqueue(objectName(event.object));
      return;
    }
    if (event.resource !== resourceKey(this.sourceType)) return;
    const revision = (event.object.status as any)?.artifact?.revision;
    if (revision === (event.previous?.status as any)?.artifact?.revision)
      return;
    for (const chart of this.ctx.cluster.list(this.type, {
      namespace: event.object.metadata.namespace,
    })) {
      const ref = (chart.spec as any).sourceRef;
      if (
        ref.kind === 'GitRepository' &&
        ref.name === event.object.metadata.name
      )
        this.enqueue(objectName(chart));
    }
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const chart = this.ctx.cluster.store.get(
      resourceKey(this.type),
      namespace,
      name,
    );
    if (!chart || isSuspended(chart)) return;
    const spec = chart.spec as {
      chart: string;
      sourceRef: { kind: string; name: string };
    };
    const source = this.ctx.cluster.store.get(
      resourceKey(this.sourceType),
      namespace,
      spec.sourceRef.name,
    );
    const sourceRevision = (source?.status as any)?.artifact?.revision as
      | string
      | undefined;
    const repository = this.ctx.git.repositoryOf((source?.spec as any)?.url);
    const sha = shaOfRevision(sourceRevision);
    const text =
      repository && sha
        ? await this.ctx.git.readFile(
            repository,
            sha,
            `${gitPath(spec.chart)}/Chart.yaml`,
          )
        : undefined;
    const manifest = text
      ? (yaml.load(text) as { name: string; version: string })
      : undefined;
    const now = timestamp(this.ctx.now());
    this.ctx.cluster.mutate(
      this.type,
      namespace,
      name,
      current => {
        const status = (current.status ?? {}) as Record<string, any>;
        const generation = current.metadata.generation;
        const handled = handledReconcile(current);
        if (!manifest) {
          current.status = {
            ...status,
            ...handled,
            observedGeneration: generation,
            conditions: setCondition(status.conditions, {
              type: 'Ready',
              status: 'False',
              reason: 'ChartPullError',
              message: `no chart found at '${spec.chart}' in source '${spec.sourceRef.kind}/${namespace}/${spec.sourceRef.name}'`,
              lastTransitionTime: now,
              observedGeneration: generation,
            }),
          };
          return current;
        }
        const message = `packaged '${manifest.name}' chart with version '${manifest.version}'`;
        const file = `${manifest.name}-${manifest.version}.tgz`;
        const artifact =
          status.artifact?.revision === manifest.version
            ? status.artifact
            : {
                digest: sha256(`${manifest.name}@${manifest.version}`),
                lastUpdateTime: now,
                path: `helmchart/${namespace}/${name}/${file}`,
                revision: manifest.version,
                size: 4096 + manifest.version.length * 97,
                url: `http://source-controller.flux-system.svc.cluster.local./helmchart/${namespace}/${name}/${file}`,
              };
        let conditions = setCondition(status.conditions, {
          type: 'Ready',
          status: 'True',
          reason: 'ChartPackageSucceeded',
          message,
          lastTransitionTime: now,
          observedGeneration: generation,
        });
        conditions = setCondition(conditions, {
          type: 'ArtifactInStorage',
          status: 'True',
          reason: 'Succeeded',
          message,
          lastTransitionTime: now,
          observedGeneration: generation,
        });
        current.status = {
          ...status,
          ...handled,
          observedGeneration: generation,
          observedSourceArtifactRevision: sourceRevision,
          observedChartName: manifest.name,
          artifact,
          url: artifact.url,
          conditions,
        };
        return JSON.stringify(current.status) === JSON.stringify(status)
          ? undefined
          : current;
      },
      'status',
    );
  }
}
