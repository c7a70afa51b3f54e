import type { LoggerService } from '@backstage/backend-plugin-api';
import { kubeConfigFor } from '../cluster/kubeConfigFor';
import type { KubeObject } from '../cluster/kubeObject';
import { KubeHttp } from '../cluster/kubeHttp';
import type {
  ClustersFromConfig,
  GitOpsClusterConfig,
} from '../config/readClusters';
import {
  ClusterActionNotFoundError,
  ClusterActionUnavailableError,
} from './errors';
import {
  describeClusterAction,
  planClusterPatch,
  requestedRef,
} from './planClusterPatch';
import { describeRef, objectPath, type ObjectRef } from './resourcePaths';
import { scrubCredentials, toClusterActionError } from './toClusterActionError';
import type { ClusterActionRequest, ClusterActionResult } from './types';

/** Default bound on one action: its read and every patch together. */
export const DEFAULT_CLUSTER_ACTION_TIMEOUT_MS = 10_000;

export interface ClusterActionWriterOptions {
  /** The configured clusters, as readClusters returns them. */
  clusters: ClustersFromConfig | GitOpsClusterConfig[];
  logger: LoggerService;
  /** The time a Flux reconcile request carries; tests fix it. */
  clock?: () => Date;
  /** Bound on one action, read and patches together (default 10 s). */
  timeoutMs?: number;
}

/** One cluster's connection for one action: its HTTP client and its token. */
interface Connection {
  http: KubeHttp;
  secrets: Array<string | undefined>;
}

/**
 * Writes sync, refresh, reconcile, suspend and resume to the CD resource
 * through the cluster's API, with the cluster config's credentials and the
 * same HTTP/TLS path as the watches (KubeHttp over kubeConfigFor). Every
 * write is a JSON merge patch of the fields the action sets, never an apply
 * of manifests. Failures are typed (errors.ts) and carry no credentials.
 * docs/actions-cluster.md says what each action writes where.
 */
export class ClusterActionWriter {
  private readonly clusters: Map<string, GitOpsClusterConfig>;
  private readonly clock: () => Date;
  private readonly timeoutMs: number;

  constructor(private readonly options: ClusterActionWriterOptions) {
    const list = Array.isArray(options.clusters)
      ? options.clusters
      : options.clusters.clusters;
    this.clusters = new Map(list.map(c => [c.name, c]));
    this.clock = options.clock ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CLUSTER_ACTION_TIMEOUT_MS;
  }

  /**
   * The preview's one line, from the request alone (nothing is read).
   * Throws ClusterActionUnfitError or ClusterActionNotFoundError (unknown
   * cluster) as apply would.
   */
  describe(req: ClusterActionRequest): string {
    this.clusterFor(req.cluster);
    return describeClusterAction(req);
  }

  /**
   * Reads the object, plans the patches against it, and writes them in
   * order (a Flux source before its object), all within the timeout.
   */
  async apply(req: ClusterActionRequest): Promise<ClusterActionResult> {
    const config = this.clusterFor(req.cluster);
    const target = requestedRef(req);
    const deadline = Date.now() + this.timeoutMs;
    const connection = this.connect(config);
    try {
      const current = await this.read(connection, config, target, deadline);
      const plan = planClusterPatch(req, current, this.clock());
      for (const { target: ref, patch } of plan.patches) {
        await this.patch(connection, config, ref, patch, deadline);
      }
      this.options.logger.info(
        `GitOps cluster action ${req.action} by ${req.username} in cluster '${config.name}': ${plan.effect}`,
      );
      return {
        effect: plan.effect,
        patched: plan.patches.map(({ target: ref }) => ({
          kind: ref.kind,
          namespace: ref.namespace,
          name: ref.name,
        })),
      };
    } catch (error) {
      const typed = toClusterActionError(error, {
        cluster: config.name,
        object: describeRef(target),
        secrets: connection.secrets,
      });
      this.options.logger.warn(
        `GitOps cluster action ${req.action} on ${describeRef(
          target,
        )} in cluster '${config.name}' by ${req.username} failed: ${
          typed.message
        }`,
      );
      throw typed;
    }
  }

  private clusterFor(name: string): GitOpsClusterConfig {
    const config = this.clusters.get(name);
    if (!config) {
      throw new ClusterActionNotFoundError(
        `no cluster named '${name}' is configured`,
      );
    }
    return config;
  }

  /** A token file is read per action, so rotated tokens are picked up. */
  private connect(config: GitOpsClusterConfig): Connection {
    try {
      const kubeConfig = kubeConfigFor(config);
      return {
        http: new KubeHttp(() => kubeConfig),
        secrets: [config.token, kubeConfig.getCurrentUser()?.token],
      };
    } catch (error) {
      throw new ClusterActionUnavailableError(
        `cluster '${
          config.name
        }': the credentials cannot be read (${scrubCredentials(
          String((error as Error)?.message ?? error),
          [config.token],
        )})`,
      );
    }
  }

  private remaining(deadline: number): number {
    return Math.max(1, deadline - Date.now());
  }

  private async read(
    connection: Connection,
    config: GitOpsClusterConfig,
    ref: ObjectRef,
    deadline: number,
  ): Promise<KubeObject> {
    try {
      return await connection.http.getJson<KubeObject>(
        objectPath(ref),
        {},
        this.remaining(deadline),
      );
    } catch (error) {
      throw this.typed(error, connection, config, ref);
    }
  }

  private async patch(
    connection: Connection,
    config: GitOpsClusterConfig,
    ref: ObjectRef,
    patch: Record<string, unknown>,
    deadline: number,
  ): Promise<void> {
    try {
      await connection.http.mergePatchJson(
        objectPath(ref),
        patch,
        this.remaining(deadline),
      );
    } catch (error) {
      throw this.typed(error, connection, config, ref);
    }
  }

  /** Names the object the failed request was about (a source, say). */
  private typed(
    error: unknown,
    connection: Connection,
    config: GitOpsClusterConfig,
    ref: ObjectRef,
  ) {
    return toClusterActionError(error, {
      cluster: config.name,
      object: describeRef(ref),
      secrets: connection.secrets,
    });
  }
}
