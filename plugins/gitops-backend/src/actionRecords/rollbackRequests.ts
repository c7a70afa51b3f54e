import type { Knex } from './knexType';

/**
 * Rollback and revert-commit requests on the deployments in [from, to],
 * whatever became of them: the ledger's change failure rate counts a
 * deployment that someone asked to undo as failed.
 */
export function rollbackRequestsOf(knex: Knex) {
  return async (
    deploymentIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Array<{ deploymentId: string; createdAt: string }>> => {
    const found: Array<{ deploymentId: string; createdAt: string }> = [];
    for (let i = 0; i < deploymentIds.length; i += 500) {
      const rows: Array<{ deployment_id: string; created_at: string }> =
        await knex('gitops_action_records')
          .select('deployment_id', 'created_at')
          .whereIn('deployment_id', deploymentIds.slice(i, i + 500))
          .whereIn('type', ['rollback', 'revert-commit'])
          .andWhere('created_at', '>=', from.toISOString())
          .andWhere('created_at', '<=', to.toISOString());
      found.push(
        ...rows.map(r => ({
          deploymentId: r.deployment_id,
          createdAt: r.created_at,
        })),
      );
    }
    return found;
  };
}
