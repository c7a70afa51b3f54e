import type {
  CommitSummary,
  Deployment,
  EntityHistoryResponse,
  LedgerEvent,
} from '@gitops-console/plugin-gitops-common';

type HistoryItem = EntityHistoryResponse['items'][number];

/**
 * The ledger's `deployed` events that reach further back than a
 * deployment's CR history does (Argo CD keeps ten entries, Flux a few), as
 * history entries marked `fromLedger`. Within the span the CR covers, the
 * CR's own entries stand.
 */
export function ledgerHistoryBeyondCr(
  deployments: readonly Deployment[],
  events: readonly LedgerEvent[],
  commitOf: (deployment: Deployment, sha: string) => CommitSummary | undefined,
): HistoryItem[] {
  const byId = new Map(deployments.map(d => [d.id, d]));
  const oldest = new Map<string, string>();
  for (const d of deployments) {
    for (const entry of d.history) {
      const at = entry.firstDeployedAt ?? entry.deployedAt;
      if (at && (!oldest.has(d.id) || at < oldest.get(d.id)!)) {
        oldest.set(d.id, at);
      }
    }
  }
  const items: HistoryItem[] = [];
  for (const event of events) {
    const deployment = byId.get(event.deploymentId);
    if (event.transition !== 'deployed' || !event.revisionAfter) continue;
    if (!deployment) continue;
    const crFrom = oldest.get(event.deploymentId);
    if (crFrom && Date.parse(event.occurredAt) >= Date.parse(crFrom)) continue;
    const commit = commitOf(deployment, event.revisionAfter);
    items.push({
      revision: event.revisionAfter,
      deployedAt: event.occurredAt,
      ...(event.initiatedBy && { initiatedBy: event.initiatedBy }),
      ...(commit && { commit }),
      fromLedger: true,
      deploymentId: deployment.id,
      cluster: deployment.cluster,
      ...(deployment.environment && { environment: deployment.environment }),
    });
  }
  return items;
}
