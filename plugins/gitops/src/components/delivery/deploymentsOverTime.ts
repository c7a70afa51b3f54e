import type { LedgerEvent } from '@gitops-console/plugin-gitops-common';

/** One day of the chart. `deployments` leaves out the rollbacks. */
export interface DeploymentDay {
  day: string;
  deployments: number;
  rollbacks: number;
  failures: number;
}

const DAY = 86_400_000;

/**
 * Ledger events counted per UTC day from `from` to `to`, every day present
 * (an empty day is a zero bar, not a gap). A deployment back to a revision
 * that deployment ran earlier in the events is a rollback; entering
 * `failing` is a failure.
 */
export function deploymentsOverTime(
  events: readonly LedgerEvent[],
  from: Date,
  to: Date,
): DeploymentDay[] {
  const days = new Map<string, DeploymentDay>();
  const start = Date.UTC(
    from.getUTCFullYear(),
    from.getUTCMonth(),
    from.getUTCDate(),
  );
  for (let t = start; t <= to.getTime(); t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.set(day, { day, deployments: 0, rollbacks: 0, failures: 0 });
  }

  const ran = new Map<string, Set<string>>();
  const oldestFirst = [...events].sort((a, b) =>
    a.occurredAt.localeCompare(b.occurredAt),
  );
  for (const event of oldestFirst) {
    const bucket = days.get(event.occurredAt.slice(0, 10));
    if (event.transition === 'drift') {
      if (bucket && event.driftAfter === 'failing') bucket.failures += 1;
      continue;
    }
    const seen = ran.get(event.deploymentId) ?? new Set<string>();
    ran.set(event.deploymentId, seen);
    const rollback = !!event.revisionAfter && seen.has(event.revisionAfter);
    if (event.revisionBefore) seen.add(event.revisionBefore);
    if (event.revisionAfter) seen.add(event.revisionAfter);
    if (!bucket) continue;
    if (rollback) bucket.rollbacks += 1;
    else bucket.deployments += 1;
  }
  return [...days.values()];
}

/** "12 deployments, 1 rollback and 2 failures": the chart in words. */
export function summarizeDays(days: readonly DeploymentDay[]): string {
  const total = (key: keyof Omit<DeploymentDay, 'day'>) =>
    days.reduce((sum, d) => sum + d[key], 0);
  const count = (n: number, word: string) =>
    `${n} ${word}${n === 1 ? '' : 's'}`;
  const rollbacks = total('rollbacks');
  return `${count(total('deployments') + rollbacks, 'deployment')} (${count(
    rollbacks,
    'rollback',
  )}) and ${count(total('failures'), 'failure')}`;
}
