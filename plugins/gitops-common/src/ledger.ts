import type { DriftState, HealthStatus } from './model/deployment';

/**
 * One observed transition of a deployment, as the ledger keeps it
 * (`GET /entities/{namespace}/{kind}/{name}/ledger`, `GET /ledger`).
 *
 * @public
 */
export interface LedgerEvent {
  id: string;
  deploymentId: string;
  /** The entities whose answers showed the deployment when it was observed. */
  entityRefs: string[];
  cluster: string;
  environment?: string;
  /** `deployed`: the deployed revision changed; `drift`: the drift state did. */
  transition: 'deployed' | 'drift';
  revisionBefore?: string;
  revisionAfter?: string;
  driftBefore?: DriftState;
  driftAfter?: DriftState;
  health?: HealthStatus;
  /** The CD tool's own time where it gives one, else when it was observed. */
  occurredAt: string;
  observedAt: string;
  /** Argo CD's `deployedAt`, or a Flux condition's transition time. */
  cdTime?: string;
  /** Argo CD's `initiatedBy`, or the GitOps Console action that caused it. */
  initiatedBy?: { username?: string; automated?: boolean; actionId?: string };
  /** True for events read from the CR's own history at start-up. */
  seeded: boolean;
}

/**
 * A page of ledger events, newest first.
 *
 * @public
 */
export interface LedgerResponse {
  items: LedgerEvent[];
  nextCursor?: string;
}
