import type { KubeObject } from '../store/kubeObject';
import type { ResourceType } from '../crd/resourceType';
import { KeyedQueue } from '../util/keyedQueue';
import { isAbort, type ControllerContext } from './controllerContext';

/**
 * What every simulated controller shares: the kind it owns, a work queue
 * that reconciles one object at a time per key (and logs failures, not
 * aborts at shutdown), and creating an object as a user would.
 */
export abstract class QueuedController {
  readonly type: ResourceType;
  private readonly queue: KeyedQueue;

  constructor(
    protected readonly ctx: ControllerContext,
    kind: string,
    /** Named as in log lines, e.g. `kustomize-controller`. */
    controllerName: string,
  ) {
    this.type = ctx.cluster.typeOfKind(kind);
    this.queue = new KeyedQueue((key, error) => {
      if (!isAbort(error)) {
        ctx.log(
          `${controllerName}: reconciling ${kind} ${key} failed: ${
            (error as Error).message
          }`,
        );
      }
    });
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  protected enqueue(key: string) {
    void this.queue.enqueue(key, () => this.reconcile(key));
  }

  /** Creates an object with strict schema validation, as kubectl would. */
  protected create(object: KubeObject): KubeObject {
    return this.ctx.cluster.create(
      this.type,
      object.metadata.namespace,
      object,
      { fieldValidation: 'Strict' },
    ).object;
  }

  /** Rewrites an object's status through the status subresource. */
  protected writeStatus(
    object: KubeObject,
    change: (
      status: Record<string, any>,
      current: KubeObject,
    ) => Record<string, any>,
  ) {
    return this.ctx.cluster.mutate(
      this.type,
      object.metadata.namespace,
      object.metadata.name,
      current => {
        current.status = change(
          { ...((current.status ?? {}) as Record<string, any>) },
          current,
        );
        return current;
      },
      'status',
    );
  }

  protected abstract reconcile(key: string): Promise<void>;
}
