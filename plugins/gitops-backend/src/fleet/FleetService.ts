import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  FleetQuery,
  FleetResponse,
} from '@gitops-console/plugin-gitops-common';
import type { EntityReadAccess } from '../access/EntityReadAccess';
import type { DeploymentService } from '../deployments/DeploymentService';
import { FleetIndex } from './FleetIndex';

/**
 * The fleet-wide view for platform teams: every deployment of every entity
 * the caller may read, joined with catalog fields, filtered, sorted and
 * paged, with totals and facets. It reads the fleet index that follows the
 * views, so a query costs no Git, cluster or catalog-field read.
 */
export class FleetService {
  readonly index = new FleetIndex();

  constructor(
    private readonly deployments: DeploymentService,
    private readonly access: EntityReadAccess,
    private readonly options: { firstAnswerWaitMs?: number } = {},
  ) {
    const { views } = deployments;
    views.onAnswerChanged((ref, answer) =>
      this.index.update(ref, views.entity(ref), answer),
    );
    views.onError((ref, error) => this.index.setError(ref, error.message));
  }

  /** Every deployment the caller may read that the query's filters match. */
  async select(q: FleetQuery, credentials: BackstageCredentials) {
    return this.index.select(q, await this.access.scope(credentials));
  }

  async query(
    q: FleetQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetResponse> {
    const scope = await this.access.scope(credentials);
    // Catalog fields change without events; a fleet view asks for a
    // background re-read at most every 10 s, never waiting for it.
    this.deployments.mirror.refreshIfOlderThan(10_000);
    // Right after start-up, wait (bounded) for the first build rather than
    // answer with half a fleet; later builds never block.
    const built = await this.deployments.waitForInitialBuild(
      this.options.firstAnswerWaitMs ?? 5000,
    );
    const answer = this.index.query(q, scope);
    return built ? answer : { ...answer, computing: true };
  }
}
