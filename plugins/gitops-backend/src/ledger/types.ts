import type { LedgerEvent } from '@gitops-console/plugin-gitops-common';

/** An event before the store gives it an id. */
export type LedgerEventInput = Omit<LedgerEvent, 'id'>;

export interface ListLedgerOptions {
  /** Only these deployments (an entity's); all when absent. */
  deploymentIds?: readonly string[];
  environment?: string;
  /** ISO 8601 bounds on `occurredAt`, inclusive. */
  from?: string;
  to?: string;
  /** 1 to 500; default 50. */
  limit?: number;
  cursor?: string;
}
