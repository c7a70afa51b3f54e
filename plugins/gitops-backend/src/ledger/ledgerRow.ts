import type {
  DriftState,
  HealthStatus,
  LedgerEvent,
} from '@gitops-console/plugin-gitops-common';
import type { LedgerEventInput } from './types';

/** A row of gitops_ledger_events. */
export interface LedgerRow {
  id: string;
  event_key: string;
  deployment_id: string;
  entity_refs: string;
  cluster: string;
  environment: string | null;
  transition: string;
  revision_before: string | null;
  revision_after: string | null;
  drift_before: string | null;
  drift_after: string | null;
  health: string | null;
  occurred_at: string;
  observed_at: string;
  cd_time: string | null;
  initiated_by: string | null;
  seeded: boolean | number;
}

/** Times are stored as toISOString gives them, so they order as text. */
const iso = (value: string) => new Date(value).toISOString();

export function toLedgerRow(
  id: string,
  key: string,
  event: LedgerEventInput,
): LedgerRow {
  return {
    id,
    event_key: key,
    deployment_id: event.deploymentId,
    entity_refs: JSON.stringify(event.entityRefs),
    cluster: event.cluster,
    environment: event.environment ?? null,
    transition: event.transition,
    revision_before: event.revisionBefore ?? null,
    revision_after: event.revisionAfter ?? null,
    drift_before: event.driftBefore ?? null,
    drift_after: event.driftAfter ?? null,
    health: event.health ?? null,
    occurred_at: iso(event.occurredAt),
    observed_at: iso(event.observedAt),
    cd_time: event.cdTime ? iso(event.cdTime) : null,
    initiated_by: event.initiatedBy ? JSON.stringify(event.initiatedBy) : null,
    seeded: event.seeded,
  };
}

export function fromLedgerRow(row: LedgerRow): LedgerEvent {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    entityRefs: JSON.parse(row.entity_refs),
    cluster: row.cluster,
    ...(row.environment !== null && { environment: row.environment }),
    transition: row.transition as LedgerEvent['transition'],
    ...(row.revision_before !== null && {
      revisionBefore: row.revision_before,
    }),
    ...(row.revision_after !== null && { revisionAfter: row.revision_after }),
    ...(row.drift_before !== null && {
      driftBefore: row.drift_before as DriftState,
    }),
    ...(row.drift_after !== null && {
      driftAfter: row.drift_after as DriftState,
    }),
    ...(row.health !== null && { health: row.health as HealthStatus }),
    occurredAt: row.occurred_at,
    observedAt: row.observed_at,
    ...(row.cd_time !== null && { cdTime: row.cd_time }),
    ...(row.initiated_by !== null && {
      initiatedBy: JSON.parse(row.initiated_by),
    }),
    seeded: Boolean(row.seeded),
  };
}
