import { BranchMoved } from '../../git/branchWatcher';
import { resourceKey } from '../../store/cluster';
import { KubeObject } from '../../store/kubeObject';
import { QueuedController } from '../queuedController';
import { ControllerContext, objectName, timestamp } from '../controllerContext';
import {
  gitRevision,
  isSuspended,
  needsReconcile,
  handledReconcile,
  setCondition,
  sha256,
} from './fluxStatus';

/** Flux's default when a GitRepository names no ref. */
const DEFAULT_BRANCH = 'master';

/**
 * A stand-in for Flux's source-controller, for GitRepository: it records
 * the tracked branch's head as the stored artifact
 * (`status.artifact.revision: main@sha1:<sha>`), at once when the branch moves.
 */
export class GitRepositoryController extends QueuedController {
  constructor(ctx: ControllerContext) {
    super(ctx, 'GitRepository', 'source-controller');
  }

  start(): () => void {
    return this.ctx.cluster.subscribe(event => {
      if (event.resource !== resourceKey(this.type) || event.type === 'DELETED')
        return;
      if (needsReconcile(event.object) && !isSuspended(event.object))
        this.enqueue(objectName(event.object));
    });
  }

  onBranchMoved(moved: BranchMoved): void {
    for (const repo of this.ctx.cluster.list(this.type)) {
      const spec = repo.spec as any;
      if (this.ctx.git.repositoryOf(spec?.url) !== moved.repository) continue;
      if ((spec?.ref?.branch ?? DEFAULT_BRANCH) === moved.branch)
        this.enqueue(objectName(repo));
    }
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

  protected async reconcile(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const current = this.ctx.cluster.store.get(
      resourceKey(this.type),
      namespace,
      name,
    );
    if (!current || isSuspended(current)) return;
    const spec = current.spec as { url: string; ref?: { branch?: string } };
    const branch = spec.ref?.branch ?? DEFAULT_BRANCH;
    const repository = this.ctx.git.repositoryOf(spec.url);
    const sha = repository
      ? await this.ctx.git.resolve(repository, branch)
      : undefined;
    const now = timestamp(this.ctx.now());
    this.ctx.cluster.mutate(
      this.type,
      namespace,
      name,
      repo => {
        const status = (repo.status ?? {}) as Record<string, any>;
        const generation = repo.metadata.generation;
        const handled = handledReconcile(repo);
        if (!sha) {
          const message = repository
            ? `failed to checkout and determine revision: unable to clone '${spec.url}': couldn't find remote ref "refs/heads/${branch}"`
            : `failed to checkout and determine revision: unable to clone '${spec.url}': repository not found`;
          repo.status = {
            ...status,
            ...handled,
            observedGeneration: generation,
            conditions: setCondition(status.conditions, {
              type: 'Ready',
              status: 'False',
              reason: 'GitOperationFailed',
              message,
              lastTransitionTime: now,
              observedGeneration: generation,
            }),
          };
          return repo;
        }
        const revision = gitRevision(branch, sha);
        const message = `stored artifact for revision '${revision}'`;
        const artifact =
          status.artifact?.revision === revision
            ? status.artifact
            : {
                digest: sha256(revision),
                lastUpdateTime: now,
                path: `gitrepository/${namespace}/${name}/${sha}.tar.gz`,
                revision,
                size: 20480 + (parseInt(sha.slice(0, 4), 16) % 4096),
                url: `http://source-controller.flux-system.svc.cluster.local./gitrepository/${namespace}/${name}/${sha}.tar.gz`,
              };
        let conditions = setCondition(status.conditions, {
          type: 'Ready',
          status: 'True',
          reason: 'Succeeded',
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
        repo.status = {
          ...status,
          ...handled,
          artifact,
          conditions,
          observedGeneration: generation,
        };
        return JSON.stringify(repo.status) === JSON.stringify(status)
          ? undefined
          : repo;
      },
      'status',
    );
  }
}
