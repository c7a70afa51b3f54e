import { setTimeout as sleep } from 'node:timers/promises';
import { GitRepositories } from '../git/gitRepositories';
import { Cluster } from '../store/cluster';

/** What every simulated controller of one cluster works with. */
export interface ControllerContext {
  cluster: Cluster;
  git: GitRepositories;
  /** The pause between two visible steps of a sync or reconcile. */
  stepMs: number;
  now: () => Date;
  log: (message: string) => void;
  /** Aborted when the demo stops; pending steps are dropped. */
  signal: AbortSignal;
}

/** Seconds precision, as Kubernetes and the controllers write times. */
export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Waits one step, or rejects with AbortError when the demo stops. */
export function pause(ctx: ControllerContext, steps = 1): Promise<void> {
  return sleep(ctx.stepMs * steps, undefined, { signal: ctx.signal });
}

export function isAbort(error: unknown): boolean {
  return (error as Error)?.name === 'AbortError';
}

export const objectName = (o: {
  metadata: { namespace?: string; name: string };
}) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
