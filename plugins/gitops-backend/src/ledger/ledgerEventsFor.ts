import type {
  Deployment,
  HistoryEntry,
} from '@gitops-console/plugin-gitops-common';
import type { LedgerEventInput } from './types';

/**
 * Drift reasons that say we could not read Git, not that the deployment is
 * in any state: a view built from them is no transition worth recording
 * (the next build, once Git answers, is compared with the last real one).
 */
const OWN_FAILURES = new Set(['git-unavailable', 'view-failed']);

/** True when the deployment describes the cluster, not our own failure. */
export function isLedgerWorthy(deployment: Deployment): boolean {
  if (OWN_FAILURES.has(deployment.problem?.code ?? '')) return false;
  return !deployment.drift.reasons.some(r => OWN_FAILURES.has(r.code));
}

interface Observation {
  entityRefs: string[];
  observedAt: string;
}

/**
 * The transitions between two builds of one deployment. With no previous
 * build (first sight, or a restart) it seeds from the CR's own history and
 * records the current state; the keys make the repeats after a restart
 * no-ops in the store.
 */
export function ledgerEventsFor(
  previous: Deployment | undefined,
  next: Deployment,
  observation: Observation,
): LedgerEventInput[] {
  const events: LedgerEventInput[] = [];
  if (!previous) {
    const seeded = seedFromHistory(next, observation);
    events.push(...seeded);
    const newest = seeded[seeded.length - 1];
    if (
      next.deployedRevision &&
      newest?.revisionAfter !== next.deployedRevision
    ) {
      events.push(deployedEvent(newest?.revisionAfter, next, observation));
    }
    events.push(driftEvent(undefined, next, observation));
    return events;
  }
  if (
    next.deployedRevision &&
    next.deployedRevision !== previous.deployedRevision
  ) {
    // Syncs that came and went unseen (a watch down meanwhile, a re-list
    // that saw only the last): the CR's history still names them.
    const missed = missedFromHistory(previous, next, observation);
    events.push(...missed);
    const before =
      missed[missed.length - 1]?.revisionAfter ?? previous.deployedRevision;
    if (before !== next.deployedRevision) {
      events.push(deployedEvent(before, next, observation));
    }
  }
  if (next.drift.state !== previous.drift.state) {
    events.push(driftEvent(previous, next, observation));
  }
  return events;
}

function base(next: Deployment, observation: Observation) {
  return {
    deploymentId: next.id,
    entityRefs: [...observation.entityRefs].sort(),
    cluster: next.cluster,
    ...(next.environment ? { environment: next.environment } : {}),
    observedAt: observation.observedAt,
    health: next.health,
  };
}

/**
 * When an entry's revision was deployed, stably: Flux moves `lastReconciled`
 * (shown as deployedAt) with every reconcile, `firstDeployedAt` stays.
 */
function deployedTime(entry: HistoryEntry): string | undefined {
  return entry.firstDeployedAt ?? entry.deployedAt;
}

/** The history entry that deployed `revision` last: its time and initiator. */
function entryFor(
  next: Deployment,
  revision: string,
): HistoryEntry | undefined {
  let best: HistoryEntry | undefined;
  for (const entry of next.history) {
    const at = deployedTime(entry);
    if (entry.revision !== revision || !at) continue;
    if (!best || at > deployedTime(best)!) best = entry;
  }
  return best;
}

function deployedEvent(
  before: string | undefined,
  next: Deployment,
  observation: Observation,
): LedgerEventInput {
  const revision = next.deployedRevision!;
  const entry = entryFor(next, revision);
  const at = entry && deployedTime(entry);
  return {
    ...base(next, observation),
    transition: 'deployed',
    ...(before ? { revisionBefore: before } : {}),
    revisionAfter: revision,
    driftAfter: next.drift.state,
    occurredAt: at ?? observation.observedAt,
    ...(at ? { cdTime: at } : {}),
    ...(entry?.initiatedBy ? { initiatedBy: entry.initiatedBy } : {}),
    seeded: false,
  };
}

/**
 * The drift state's own time: the newest `since` among its reasons (Flux
 * conditions' transition times, Argo CD's operation times).
 */
function driftTime(next: Deployment): string | undefined {
  let newest: string | undefined;
  for (const reason of next.drift.reasons) {
    // When this replica last heard from the cluster: another replica's
    // differs, so it would make one transition two events.
    if (reason.code === 'cluster-unreachable') continue;
    if (reason.since && (!newest || reason.since > newest)) {
      newest = reason.since;
    }
  }
  return newest;
}

function driftEvent(
  previous: Deployment | undefined,
  next: Deployment,
  observation: Observation,
): LedgerEventInput {
  const since = driftTime(next);
  return {
    ...base(next, observation),
    transition: 'drift',
    ...(previous?.deployedRevision
      ? { revisionBefore: previous.deployedRevision }
      : {}),
    ...(next.deployedRevision ? { revisionAfter: next.deployedRevision } : {}),
    ...(previous ? { driftBefore: previous.drift.state } : {}),
    driftAfter: next.drift.state,
    occurredAt: since ?? observation.observedAt,
    ...(since ? { cdTime: since } : {}),
    seeded: false,
  };
}

/**
 * The history entries newer than any the previous build showed and older
 * than the deployed one, as `deployed` events (oldest first), chained from
 * the previous revision. They come from the CR's history, like seeding, so
 * they carry its times and every replica derives the same keys. Without a
 * time in the previous build nothing is inferred.
 */
function missedFromHistory(
  previous: Deployment,
  next: Deployment,
  observation: Observation,
): LedgerEventInput[] {
  let seenUntil: string | undefined;
  for (const entry of previous.history) {
    const t = deployedTime(entry);
    if (t && (!seenUntil || t > seenUntil)) seenUntil = t;
  }
  const current = entryFor(next, next.deployedRevision!);
  const currentAt = current && deployedTime(current);
  if (!seenUntil || !currentAt) return [];
  const entries = next.history
    .filter(e => {
      const t = deployedTime(e);
      return e.revision && t && t > seenUntil! && t < currentAt;
    })
    .sort((a, b) => deployedTime(a)!.localeCompare(deployedTime(b)!));
  const events: LedgerEventInput[] = [];
  let before = previous.deployedRevision;
  for (const entry of entries) {
    // A re-sync of the same revision deployed nothing new.
    if (entry.revision === before) continue;
    events.push({
      ...base(next, observation),
      // The state it was in then is not known; today's health is not it.
      health: undefined,
      transition: 'deployed',
      ...(before ? { revisionBefore: before } : {}),
      revisionAfter: entry.revision,
      occurredAt: deployedTime(entry)!,
      cdTime: deployedTime(entry)!,
      ...(entry.initiatedBy ? { initiatedBy: entry.initiatedBy } : {}),
      seeded: true,
    });
    before = entry.revision;
  }
  return events;
}

/** The CR's own history, oldest first, as `deployed` events. */
function seedFromHistory(
  next: Deployment,
  observation: Observation,
): LedgerEventInput[] {
  const entries = next.history
    .filter(e => e.revision && deployedTime(e))
    .sort((a, b) => deployedTime(a)!.localeCompare(deployedTime(b)!));
  return entries.map((entry, i) => ({
    ...base(next, observation),
    // The state it was in then is not known; today's health is not it.
    health: undefined,
    transition: 'deployed' as const,
    ...(i > 0 ? { revisionBefore: entries[i - 1].revision } : {}),
    revisionAfter: entry.revision,
    occurredAt: deployedTime(entry)!,
    cdTime: deployedTime(entry)!,
    ...(entry.initiatedBy ? { initiatedBy: entry.initiatedBy } : {}),
    seeded: true,
  }));
}
