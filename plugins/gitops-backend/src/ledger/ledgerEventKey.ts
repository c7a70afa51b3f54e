import { createHash } from 'node:crypto';
import type { LedgerEventInput } from './types';

/**
 * The event's identity: what every replica, and this one after a restart,
 * derives alike for the same transition. Observation times differ between
 * observers, so they are not part of it; the CD tool's own time is, so a
 * revision deployed again later (a rollback to it) is a new event.
 */
export function ledgerEventKey(event: LedgerEventInput): string {
  const state = event.transition === 'deployed' ? '' : event.driftAfter ?? '';
  return createHash('sha256')
    .update(
      [
        event.deploymentId,
        event.transition,
        event.revisionAfter ?? '',
        state,
        event.cdTime ?? '',
      ].join('\u0000'),
    )
    .digest('hex');
}
