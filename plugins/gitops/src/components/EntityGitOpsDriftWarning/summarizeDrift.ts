import type {
  Deployment,
  DriftState,
} from '@gitops-console/plugin-gitops-common';
import { ATTENTION_STATES } from '../status';

/** One affected deployment, as the drift warning says it. */
export interface DriftSummary {
  id: string;
  environment: string;
  cluster: string;
  state: DriftState;
  /** When it started; `kind` says whether that is the state's own start. */
  since?: { at: string; kind: 'since' | 'last-synced' | 'last-seen' };
  why: string;
}

const MAX_RESOURCES = 3;

function resourceList(d: Deployment): string {
  const names = d.drift.resources
    .slice(0, MAX_RESOURCES)
    .map(r => `${r.kind} ${r.name}`);
  const more = d.drift.resources.length - names.length;
  return names.length
    ? ` (${names.join(', ')}${more > 0 ? `, +${more} more` : ''})`
    : '';
}

function sinceOf(d: Deployment): DriftSummary['since'] {
  const reason = d.drift.reasons.find(r => r.since);
  if (reason?.since) {
    return {
      at: reason.since,
      kind: reason.code === 'cluster-unreachable' ? 'last-seen' : 'since',
    };
  }
  if (d.drift.state === 'unknown' && d.lastSeenAt) {
    return { at: d.lastSeenAt, kind: 'last-seen' };
  }
  // Live drift carries no start time; it happened after the last sync.
  if (d.lastSyncedAt) return { at: d.lastSyncedAt, kind: 'last-synced' };
  return undefined;
}

/**
 * The deployments that need attention (failing, out of sync or unknown),
 * most serious first, each with where, since when and why.
 */
export function summarizeDrift(deployments: Deployment[]): DriftSummary[] {
  return deployments
    .filter(d => ATTENTION_STATES.includes(d.drift.state))
    .sort(
      (a, b) =>
        ATTENTION_STATES.indexOf(a.drift.state) -
        ATTENTION_STATES.indexOf(b.drift.state),
    )
    .map(d => ({
      id: d.id,
      environment: d.environment ?? d.cluster,
      cluster: d.cluster,
      state: d.drift.state,
      since: sinceOf(d),
      // The first reason is the main one; the tab lists them all.
      why:
        (d.drift.reasons[0]?.message ?? 'no reason reported') + resourceList(d),
    }));
}
