import { ResourceType } from '../../crd/resourceType';
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
import { RenderedManifest, renderedManifests } from '../renderedResources';
import { applyCdObjects, describeOutcome, fluxApplier } from '../appOfApps';
import {
  isSuspended,
  needsReconcile,
  removeCondition,
  handledReconcile,
  setCondition,
  shaOfRevision,
} from './fluxStatus';

/** How the demo starts a Kustomization: the revision last applied. */
export interface KustomizationSeed {
  appliedRevision: string;
  appliedAt: Date;
}

interface SourceRef {
  kind: string;
  name: string;
  namespace?: string;
}

const inventoryOf = (resources: RenderedManifest[]) => ({
  entries: resources.map(r => ({
    id: `${r.namespace ?? ''}_${r.name}_${r.group}_${r.kind}`,
    v: r.version,
  })),
});

const artifactRevision = (source: KubeObject | undefined): string | undefined =>
  (source?.status as any)?.artifact?.revision;

/**
 * A stand-in for Flux's kustomize-controller: when its GitRepository stores
 * a new artifact (or a reconcile is requested, or the spec changes), a
 * Kustomization that is not suspended goes Ready=Unknown/Reconciling, then
 * Ready=True with the new lastAttemptedRevision and lastAppliedRevision and
 * an inventory of what the path renders.
 */
export class KustomizationController extends QueuedController {
  private readonly sourceType: ResourceType;

  constructor(ctx: ControllerContext) {
    super(ctx, 'Kustomization', 'kustomize-controller');
    this.sourceType = ctx.cluster.typeOfKind('GitRepository');
  }

  start(): () => void {
    return this.ctx.cluster.subscribe(event => this.onEvent(event));
  }

  async seed(object: KubeObject, seed: KustomizationSeed): Promise<KubeObject> {
    const created = this.create(object);
    const source = this.sourceOf(created);
    const sha = shaOfRevision(seed.appliedRevision)!;
    const at = timestamp(seed.appliedAt);
    const inventory = await this.inventory(created, source, sha);
    return this.ctx.cluster.mutate(
      this.type,
      created.metadata.namespace,
      created.metadata.name,
      k => {
        k.status = {
          observedGeneration: k.metadata.generation,
          lastAppliedRevision: seed.appliedRevision,
          lastAttemptedRevision: seed.appliedRevision,
          inventory,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'ReconciliationSucceeded',
              message: `Applied revision: ${seed.appliedRevision}`,
              lastTransitionTime: at,
              observedGeneration: k.metadata.generation,
            },
          ],
        };
        return k;
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
    if (event.resource === resourceKey(this.sourceType)) {
      if (artifactRevision(event.object) === artifactRevision(event.previous))
        return;
      for (const k of this.ctx.cluster.list(this.type)) {
        const ref = this.sourceRef(k);
        if (
          ref.kind === 'GitRepository' &&
          ref.name === event.object.metadata.name &&
          (ref.namespace ?? k.metadata.namespace) ===
            event.object.metadata.namespace
        ) {
          this.enqueue(objectName(k));
        }
      }
    }
  }

  private sourceRef(k: KubeObject): SourceRef {
    return (k.spec as any).sourceRef as SourceRef;
  }

  private sourceOf(k: KubeObject): KubeObject | undefined {
    const ref = this.sourceRef(k);
    if (ref.kind !== 'GitRepository') return undefined;
    return this.ctx.cluster.store.get(
      resourceKey(this.sourceType),
      ref.namespace ?? k.metadata.namespace,
      ref.name,
    );
  }

  /** What the path renders at a commit; a folder without kustomization.yaml is read recursively, as Flux does. */
  private async manifests(
    k: KubeObject,
    source: KubeObject | undefined,
    sha: string,
  ): Promise<RenderedManifest[]> {
    const repository = this.ctx.git.repositoryOf((source?.spec as any)?.url);
    if (!repository) return [];
    const spec = k.spec as { path?: string; targetNamespace?: string };
    return renderedManifests(
      this.ctx.git,
      repository,
      sha,
      spec.path,
      spec.targetNamespace,
      { recursive: true },
    );
  }

  private async inventory(
    k: KubeObject,
    source: KubeObject | undefined,
    sha: string,
  ) {
    return inventoryOf(await this.manifests(k, source, sha));
  }

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const k = this.ctx.cluster.store.get(
      resourceKey(this.type),
      namespace,
      name,
    );
    if (!k || isSuspended(k)) return;
    const status = (k.status ?? {}) as Record<string, any>;
    const source = this.sourceOf(k);
    const revision = artifactRevision(source);
    const generation = k.metadata.generation;
    const now = () => timestamp(this.ctx.now());
    if (!source || !revision) {
      const ref = this.sourceRef(k);
      const message = source
        ? 'Source artifact not found, retrying in 30s'
        : `Source '${ref.kind}/${ref.namespace ?? namespace}/${
            ref.name
          }' not found`;
      this.writeStatus(k, s => ({
        ...s,
        observedGeneration: generation,
        conditions: setCondition(s.conditions, {
          type: 'Ready',
          status: 'False',
          reason: 'ArtifactFailed',
          message,
          lastTransitionTime: now(),
          observedGeneration: generation,
        }),
      }));
      return;
    }
    if (revision === status.lastAppliedRevision && !needsReconcile(k)) return;

    this.writeStatus(k, s => ({
      ...s,
      conditions: setCondition(
        setCondition(s.conditions, {
          type: 'Reconciling',
          status: 'True',
          reason: 'Progressing',
          message: `Building manifests for revision ${revision} with a timeout of 5m0s`,
          lastTransitionTime: now(),
          observedGeneration: generation,
        }),
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'Progressing',
          message: 'Reconciliation in progress',
          lastTransitionTime: now(),
          observedGeneration: generation,
        },
      ),
    }));
    await pause(this.ctx);

    const manifests = await this.manifests(k, source, shaOfRevision(revision)!);
    // A cluster Kustomization: the Flux objects its path holds.
    const latest = this.ctx.cluster.store.get(
      resourceKey(this.type),
      namespace,
      name,
    );
    if (!latest) return;
    const applier = fluxApplier(latest);
    const outcome = applyCdObjects(this.ctx.cluster, applier, manifests, {
      prune: Boolean((latest.spec as any).prune),
    });
    describeOutcome(applier, outcome).forEach(line => this.ctx.log(line));
    const inventory = inventoryOf(manifests);
    this.writeStatus(k, (s, current) => ({
      ...s,
      ...handledReconcile(current),
      observedGeneration: current.metadata.generation,
      lastAttemptedRevision: revision,
      lastAppliedRevision: revision,
      inventory,
      conditions: setCondition(removeCondition(s.conditions, 'Reconciling'), {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: ${revision}`,
        lastTransitionTime: now(),
        observedGeneration: current.metadata.generation,
      }),
    }));
  }
}
