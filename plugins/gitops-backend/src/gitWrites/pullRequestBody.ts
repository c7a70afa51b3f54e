import type { ActionContext, GitActionPlan } from './types';

const cell = (text: string | undefined) =>
  (text ?? '—').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim() || '—';

/**
 * The pull request's body: who asked for what and why, where it deploys,
 * the commits it undoes, and a link back to the entity page. The reason is
 * quoted as the requester wrote it, escaped so it cannot break the table.
 */
export function pullRequestBody(
  plan: GitActionPlan,
  context: ActionContext,
): string {
  const what =
    plan.type === 'rollback'
      ? `Rollback of \`${plan.paths.join('`, `')}\` to \`${plan.target}\``
      : `Revert of \`${plan.commit}\` in \`${plan.paths.join('`, `')}\``;
  const lines = [
    `${what}, requested through GitOps Console.`,
    '',
    '| | |',
    '|---|---|',
    `| Entity | ${cell(context.entityRef)} |`,
    `| Environment | ${cell(context.environment)} |`,
    `| Cluster | ${cell(context.cluster)} |`,
    `| Requested by | ${cell(context.requestedBy)} |`,
    `| Reason | ${cell(context.reason)} |`,
    `| Target | ${cell(
      plan.type === 'rollback' ? plan.target : plan.commit,
    )} |`,
    `| Action | ${cell(context.actionId)} |`,
    '',
    plan.type === 'rollback' ? '### Commits undone' : '### Commit reverted',
    '',
    ...plan.commitsUndone.map(
      c => `- ${c.sha.slice(0, 12)} ${cell(c.subject)} (${cell(c.authorName)})`,
    ),
  ];
  if (plan.warnings.length > 0) {
    lines.push(
      '',
      '### Warnings',
      '',
      ...plan.warnings.map(w => `- ${cell(w.message)}`),
    );
  }
  if (context.entityUrl) {
    lines.push(
      '',
      `[Open ${cell(context.entityRef ?? 'the entity')} in Backstage](${
        context.entityUrl
      })`,
    );
  }
  return `${lines.join('\n')}\n`;
}
