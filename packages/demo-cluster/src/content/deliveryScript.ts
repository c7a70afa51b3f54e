import { randomUUID } from 'node:crypto';

/*
 * What happened to the storefront's deployments over the demo's 30 days,
 * beyond the commits themselves: the failures, how each one ended, and the
 * revert GitOps Console made. deliveryHistory.ts turns it into each
 * Application's Argo CD history and into the ledger events the demo
 * backend seeds (docs/demo-history.md).
 */

/** How a failing period ended. */
export type Recovery =
  /** The pods came back by themselves (a dependency recovered). */
  | { kind: 'self'; afterMinutes: number }
  /** The next deployment (a revert or a fix) brought it back. */
  | { kind: 'next-deploy' }
  /**
   * Argo CD's rollback: a sync to the revision deployed before, by hand;
   * the app is then behind Git until Git matches what runs again.
   */
  | { kind: 'argo-rollback'; afterMinutes: number; username: string };

export interface Incident {
  /** `<service>-<environment>`, the Application's name. */
  app: string;
  /** The change whose deployment failed. */
  change: string;
  /** Minutes after the deployment that health turned Degraded. */
  failsAfterMinutes: number;
  recovery: Recovery;
}

/** The revert made through GitOps Console's "Revert this commit". */
export const DEMO_REVERT = {
  /** The action record's id, quoted by the commit's trailer. */
  actionId: randomUUID(),
  app: 'checkout-staging',
  service: 'checkout',
  environment: 'staging',
  revertedChange: 'checkout-staging-3.9.0-rc.1',
  revertChange: 'checkout-staging-3.9.0-rc.1-revert',
  requestedBy: 'user:default/bob',
  reason:
    'checkout crash-loops on 3.9.0-rc.1 (THREE_DS_KEY missing in staging); back to 3.8.1 until the secret exists',
  /** When the revert was committed, after the failing release landed. */
  minutesAfter: 40,
  /** When it was requested: just before it was committed. */
  requestedMinutesAfter: 38,
} as const;

/**
 * The commit message GitOps Console writes for a revert-commit action
 * (plugins/gitops-backend/src/gitWrites/commitMessage.ts), in direct mode.
 */
export function revertCommitMessage(revertedSha: string, subject: string) {
  const where = 'apps/checkout/overlays/staging';
  return [
    `Revert "${subject}" in ${where}`,
    '',
    `Reason: ${DEMO_REVERT.reason}`,
    '',
    'Reverts:',
    `- ${revertedSha.slice(0, 12)} ${subject}`,
    '',
    `GitOps-Console-Action: ${DEMO_REVERT.actionId}`,
    `Requested-by: ${DEMO_REVERT.requestedBy}`,
    '',
  ].join('\n');
}

/**
 * The failures, three per environment of checkout (so each of its figures
 * rests on enough points), one each for inventory and catalog-search.
 */
export const INCIDENTS: Incident[] = [
  {
    app: 'checkout-staging',
    change: 'checkout-cart-ttl',
    failsAfterMinutes: 3,
    recovery: { kind: 'self', afterMinutes: 22 },
  },
  {
    app: 'checkout-production',
    change: 'checkout-cart-ttl',
    failsAfterMinutes: 5,
    recovery: { kind: 'self', afterMinutes: 14 },
  },
  {
    app: 'checkout-staging',
    change: 'checkout-3.8.1',
    failsAfterMinutes: 6,
    recovery: { kind: 'self', afterMinutes: 47 },
  },
  {
    app: 'checkout-production',
    change: 'checkout-3.8.1',
    failsAfterMinutes: 8,
    recovery: { kind: 'self', afterMinutes: 31 },
  },
  {
    app: 'checkout-staging',
    change: DEMO_REVERT.revertedChange,
    failsAfterMinutes: 2,
    recovery: { kind: 'next-deploy' },
  },
  {
    app: 'checkout-production',
    change: 'checkout-production-3.8.2',
    failsAfterMinutes: 6,
    recovery: {
      kind: 'argo-rollback',
      afterMinutes: 25,
      username: 'mei.tanaka',
    },
  },
  {
    app: 'inventory-staging',
    change: 'inventory-staging-2.13.0',
    failsAfterMinutes: 4,
    recovery: { kind: 'self', afterMinutes: 52 },
  },
  {
    app: 'inventory-production',
    change: 'inventory-production-2.14.0',
    failsAfterMinutes: 7,
    recovery: { kind: 'self', afterMinutes: 19 },
  },
  {
    app: 'catalog-search-staging',
    change: 'catalog-search-768Mi',
    failsAfterMinutes: 5,
    recovery: { kind: 'self', afterMinutes: 35 },
  },
];

/** How long after a commit a hand sync (the release check) deploys it. */
export function manualSyncDelayMinutes(index: number): number {
  return 120 + (index % 3) * 30;
}
